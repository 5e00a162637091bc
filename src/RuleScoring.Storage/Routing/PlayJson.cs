using System.Text.Encodings.Web;
using System.Text.Json;
using RuleScoring.Core.Routing;

namespace RuleScoring.Storage.Routing;

/// <summary>The play chosen when a lead was routed, as stored with the route and sent in every delivery.</summary>
public static class PlayJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(PlayChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            Write(json, choice);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter json, PlayChoice choice)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(choice);
        json.WriteStartObject();
        json.WriteString("name", choice.Play.Name);
        json.WriteString("talkTrack", choice.Play.TalkTrack);
        if (choice.Play.Content is { } content)
        {
            json.WriteString("content", content);
        }

        if (choice.Play.Sequence is { } sequence)
        {
            json.WriteString("sequence", sequence);
        }

        if (choice.Reason is { } reason)
        {
            json.WriteString("reason", reason);
        }

        json.WriteEndObject();
    }

    /// <summary>The play's name from its stored JSON.</summary>
    public static string? Name(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty("name", out var name) ? name.GetString() : null;
    }

    /// <summary>The play's name, talk track and sequence from its stored JSON (nulls when none was chosen).</summary>
    public static (string? Name, string? TalkTrack, string? Sequence) Parts(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return (null, null, null);
        }

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return (Text(root, "name"), Text(root, "talkTrack"), Text(root, "sequence"));
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
