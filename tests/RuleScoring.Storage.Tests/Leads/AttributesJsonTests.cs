using System.Text.Json;
using RuleScoring.Storage.Leads;

namespace RuleScoring.Storage.Tests.Leads;

/// <summary>
/// A lead's stored attributes read back as a JsonDocument reads them: text values unescaped,
/// any other value as its JSON text, a repeated key's last value, keys found whatever their case;
/// a text that is not one JSON object is refused.
/// </summary>
public sealed class AttributesJsonTests
{
    private static Dictionary<string, string> ByDocument(string json)
    {
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var doc = JsonDocument.Parse(json);
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            attributes[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }

        return attributes;
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"company\":\"Acme\",\"employees\":\"250\"}")]
    [InlineData("{\"title\":\"VP \\\"Sales\\\" \\u00e9\\n\",\"caf\u00e9\":\"cr\u00e8me \ud83d\ude80\"}")]
    [InlineData("{\"employees\":250,\"score\":-1.5e3,\"active\":true,\"gone\":false,\"none\":null}")]
    [InlineData("{ \"tags\" : [ 1, \"two\", {\"three\": [3] } ] , \"meta\": {\"a\" : { } } }")]
    [InlineData("{\"Owner\":\"ann\",\"owner\":\"bob\",\"OWNER\":\"cy\"}")]
    [InlineData("{\"k\":\"first\",\"k\":\"second\"}")]
    public void Read_GivesWhatTheDocumentGives(string json)
    {
        var read = AttributesJson.Read(json);

        read.OrderBy(a => a.Key, StringComparer.Ordinal).ShouldBe(ByDocument(json).OrderBy(a => a.Key, StringComparer.Ordinal));
        read.Comparer.ShouldBe(StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void Read_ALongObject_GivesWhatTheDocumentGives()
    {
        var json = AttributesJson.Write(Enumerable.Range(0, 400).Select(i => KeyValuePair.Create($"field_{i}", new string((char)('a' + (i % 26)), i % 40 + 1) + " \u00fc")));

        AttributesJson.Read(json).OrderBy(a => a.Key, StringComparer.Ordinal).ShouldBe(ByDocument(json).OrderBy(a => a.Key, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("{\"a\":\"b\"")]
    [InlineData("{\"a\":\"b\"}{}")]
    [InlineData("{\"a\":}")]
    [InlineData("{\"a\":\"b\",}")]
    public void Read_NotOneJsonObject_IsRefused(string json)
    {
        Should.Throw<JsonException>(() => AttributesJson.Read(json));
    }
}
