using System.Text.Json;
using System.Text.Json.Serialization;
using RuleScoring.Core.Accounts;

namespace RuleScoring.Core.Rules;

// The files in rules/ exactly as ops people write them. Unknown properties are errors
// (a typo such as "Propertes" must never pass silently), so every shape is spelled out here.

internal sealed class ModelDocument
{
    [JsonPropertyName(ContentHash.SchemaProperty)] public string? Schema { get; init; }
    public required string Name { get; init; }
    public required string Version { get; init; }
    public string? Description { get; init; }
    public required Dictionary<string, DimensionDocument> Dimensions { get; init; }
    public required Dictionary<string, Dictionary<string, decimal>> Motions { get; init; }
    public required string DefaultMotion { get; init; }
    public required Dictionary<string, DecayProfileDocument> DecayProfiles { get; init; }
    public required Dictionary<string, SignalTypeDocument> Signals { get; init; }
    public Dictionary<string, string[]> Lists { get; init; } = [];
    public GovernanceDocument? Governance { get; init; }
    /// <summary>How leads roll up to accounts (optional: a model without it, and without account.json, scores leads only).</summary>
    public AccountsSectionDocument? Accounts { get; init; }
    /// <summary>Thresholds reports use (the fit x intent matrix); optional.</summary>
    public ReportsDocument? Reports { get; init; }
    /// <summary>Composite bands of the report: ascending edges, or "quantile"; optional (default 50, 60, 70, 80, 90).</summary>
    public JsonElement? Bands { get; init; }
    /// <summary>Lead attributes written during or after the sales process: no rule may read them, and calibrate's raw-field baseline leaves them out.</summary>
    public string[] LeakyFields { get; init; } = [];
}

internal sealed class ReportsDocument
{
    public string? Description { get; init; }
    /// <summary>Fit score (0-100) from which a lead counts as high fit in the fit x intent matrix.</summary>
    public required decimal HighFit { get; init; }
    /// <summary>Intent score (0-100) from which a lead counts as high intent.</summary>
    public required decimal HighIntent { get; init; }
}

/// <summary>Who must sign off which kind of change (optional: a model without it is diffed but not gated).</summary>
internal sealed class GovernanceDocument
{
    public string? Description { get; init; }
    /// <summary>Role name (what an <c>Approved-by:</c> line names) to who holds it.</summary>
    public required Dictionary<string, string> Roles { get; init; }
    /// <summary>Change class key (weights, newSignal, thresholds, disqualifiers, emergency) to its approvals.</summary>
    public required Dictionary<string, ChangeClassDocument> Classes { get; init; }
}

internal sealed class ChangeClassDocument
{
    public string? Description { get; init; }
    public required string[] Approvals { get; init; }
    /// <summary>How many of <see cref="Approvals"/> must sign; all of them when absent.</summary>
    public int? MinApprovals { get; init; }
    /// <summary>Emergency fixes only: every role in <see cref="Approvals"/> reviews the change within this many days.</summary>
    public int? RetroReviewDays { get; init; }
}

internal sealed class DimensionDocument
{
    public required decimal Cap { get; init; }
    public required string Decay { get; init; }
    public string? Description { get; init; }
}

internal sealed class DecayProfileDocument
{
    public required DecayStepDocument[] Steps { get; init; }
    public required decimal Otherwise { get; init; }
    public string? Description { get; init; }
}

internal sealed class DecayStepDocument
{
    public required int UpToDays { get; init; }
    public required decimal Multiplier { get; init; }
}

internal sealed class SignalTypeDocument
{
    public required string Description { get; init; }
    public string[] Groups { get; init; } = [];
    public string? Source { get; init; }
}

internal sealed class WorkflowDocument
{
    [JsonPropertyName(ContentHash.SchemaProperty)] public string? Schema { get; init; }
    public required string WorkflowName { get; init; }
    public string? Description { get; init; }
    public required JsonElement[] Rules { get; init; }
}

internal sealed class RuleDocument
{
    public required string RuleName { get; init; }
    public required string Expression { get; init; }
    public bool Enabled { get; init; } = true;
    /// <summary>Why the rule exists, for reviewers (RulesEngine's own schema has no such field; ours does).</summary>
    public string? Description { get; init; }
    public required JsonElement Properties { get; init; }
}

internal sealed class ScoringPropertiesDocument
{
    public required decimal Points { get; init; }
    public required string Reason { get; init; }
    [JsonConverter(typeof(StringOrArrayConverter))] public string[] Evidence { get; init; } = [];
    public int? Window { get; init; }
    public string? Decay { get; init; }
    public string? Per { get; init; }
    public int? Max { get; init; }
    public bool Disqualify { get; init; }
}

internal sealed class TierPropertiesDocument
{
    public required string Tier { get; init; }
    public required string Sla { get; init; }
    /// <summary>"wall" (default) or "business": count only the assigned rep's working hours.</summary>
    public string? SlaClock { get; init; }
    public required string SalesAction { get; init; }
    public required string MarketingAction { get; init; }
    public string? Kpi { get; init; }
    public required bool Mql { get; init; }
    public required bool Sql { get; init; }
}

/// <summary>Lets <c>"evidence": "pricing_view"</c> and <c>"evidence": ["a", "b"]</c> both read naturally.</summary>
internal sealed class StringOrArrayConverter : JsonConverter<string[]>
{
    public override string[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => [reader.GetString()!],
            JsonTokenType.StartArray => JsonSerializer.Deserialize<string[]>(ref reader) ?? [],
            _ => throw new JsonException("expected a signal type or a list of signal types"),
        };

    public override void Write(Utf8JsonWriter writer, string[] value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value);
}
