using System.Buffers;
using System.Text;
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
        // One pass of a reader over the UTF-8, not a JsonDocument: every lead a rescore reads comes
        // through here (1.7 CPU s of a 1M-lead rescore, most of it the document's parse).
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        byte[]? rented = null;
        var max = Encoding.UTF8.GetMaxByteCount(json.Length);
        Span<byte> buffer = max <= 2048 ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var utf8 = buffer[..Encoding.UTF8.GetBytes(json, buffer)];
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("the attributes are not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    attributes[name] = reader.GetString()!;
                    continue;
                }

                // Anything else as its JSON text (what JsonElement.GetRawText gives).
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                attributes[name] = Encoding.UTF8.GetString(utf8[start..(int)reader.BytesConsumed]);
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw new JsonException("the attributes are not one JSON object");
            }

            return attributes;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
