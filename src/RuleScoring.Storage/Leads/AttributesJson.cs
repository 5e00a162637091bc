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
