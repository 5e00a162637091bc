using System.Text.Encodings.Web;
using System.Text.Json;

namespace RuleScoring.Storage.Leads;

/// <summary>
/// A lead's attributes as stored: one JSON object of text values, keys trimmed and lower-cased
/// (rules look attributes up case-insensitively) and sorted, empty values left out so that a
/// blank cell in a later import never erases what an earlier one said.
/// </summary>
internal static class AttributesJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(IEnumerable<KeyValuePair<string, string>> attributes)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes)
        {
            var name = key.Trim().ToLowerInvariant();
            var text = value.Trim();
            if (name.Length > 0 && text.Length > 0)
            {
                sorted[name] = text;
            }
        }

        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            foreach (var (key, value) in sorted)
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>
    /// <paramref name="stored"/> with the keys of <paramref name="incoming"/> set (what
    /// json_patch does, in linear time), keys sorted; <paramref name="changed"/> says whether a
    /// value was added or differs, compared as JSON values, not as text.
    /// </summary>
    public static string Merge(string stored, string incoming, out bool changed)
    {
        using var storedDoc = JsonDocument.Parse(stored);
        using var incomingDoc = JsonDocument.Parse(incoming);
        var merged = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in storedDoc.RootElement.EnumerateObject())
        {
            merged[property.Name] = property.Value;
        }

        changed = false;
        foreach (var property in incomingDoc.RootElement.EnumerateObject())
        {
            if (!merged.TryGetValue(property.Name, out var old) || !JsonElement.DeepEquals(old, property.Value))
            {
                changed = true;
                merged[property.Name] = property.Value;
            }
        }

        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            foreach (var (key, value) in merged)
            {
                w.WritePropertyName(key);
                value.WriteTo(w);
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    public static Dictionary<string, string> Read(string json)
    {
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var doc = JsonDocument.Parse(json);
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            attributes[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }

        return attributes;
    }
}
