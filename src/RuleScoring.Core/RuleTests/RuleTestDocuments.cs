using System.Text.Json;
using System.Text.Json.Serialization;
using RuleScoring.Core.Rules;

namespace RuleScoring.Core.RuleTests;

// A rules/tests/*.json file as ops people write it (rules/schema/rule-test.schema.json says the
// same for the editor). Unknown properties are errors: "notReason" for "notReasons" would
// otherwise make a test that checks nothing.

internal sealed class RuleTestFileDocument
{
    [JsonPropertyName("$schema")] public string? Schema { get; init; }
    public string? Description { get; init; }
    public required string AsOf { get; init; }
    public string? Motion { get; init; }
    public required JsonElement[] Cases { get; init; }
}

internal sealed class RuleTestCaseDocument
{
    public required string Name { get; init; }
    public required string Why { get; init; }
    public string? Motion { get; init; }
    public required JsonElement Lead { get; init; }
    public required RuleTestExpectDocument Expect { get; init; }
}

internal sealed class RuleTestExpectDocument
{
    [JsonConverter(typeof(StringOrArrayConverter))] public string[]? Tier { get; init; }
    [JsonConverter(typeof(StringOrArrayConverter))] public string[]? NotTier { get; init; }
    public string? TierRule { get; init; }
    [JsonConverter(typeof(ScoreRangeConverter))] public ScoreRange? Fit { get; init; }
    [JsonConverter(typeof(ScoreRangeConverter))] public ScoreRange? Intent { get; init; }
    [JsonConverter(typeof(ScoreRangeConverter))] public ScoreRange? Behavior { get; init; }
    [JsonConverter(typeof(ScoreRangeConverter))] public ScoreRange? Composite { get; init; }
    public string[] Reasons { get; init; } = [];
    public string[] NotReasons { get; init; } = [];
    public bool? Disqualified { get; init; }
    /// <summary>The queue routing.json must give the lead (its first matching rule, or the fallback queue).</summary>
    public string? Queue { get; init; }
    /// <summary>The play plays.json must choose for the card.</summary>
    public string? Play { get; init; }
}

/// <summary>Reads <c>40</c> as exactly 40 and <c>{"min": 40, "max": 100}</c> (either bound optional) as a range.</summary>
internal sealed class ScoreRangeConverter : JsonConverter<ScoreRange>
{
    private const string Expected = "expected a number or {\"min\": ..., \"max\": ...}";

    public override ScoreRange Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            var exact = reader.GetDecimal();
            return new ScoreRange(exact, exact);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException(Expected);
        }

        decimal? min = null, max = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            if (!reader.Read() || reader.TokenType != JsonTokenType.Number)
            {
                throw new JsonException($"{name} must be a number");
            }

            switch (name)
            {
                case "min": min = reader.GetDecimal(); break;
                case "max": max = reader.GetDecimal(); break;
                default: throw new JsonException($"unknown property '{name}' in a score range (use min and max)");
            }
        }

        return min is null && max is null ? throw new JsonException(Expected + ", with at least one bound") : new ScoreRange(min, max);
    }

    public override void Write(Utf8JsonWriter writer, ScoreRange value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Min is { } min)
        {
            writer.WriteNumber("min", min);
        }

        if (value.Max is { } max)
        {
            writer.WriteNumber("max", max);
        }

        writer.WriteEndObject();
    }
}
