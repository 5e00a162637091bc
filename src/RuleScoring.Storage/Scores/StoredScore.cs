using RuleScoring.Core.Scoring;

namespace RuleScoring.Storage.Scores;

/// <summary>
/// One row of a lead's score history: the card as it was scored, and the values stored in
/// columns beside it for queries (they are the card's own, written in the same statement).
/// </summary>
public sealed record StoredScore(
    long Id,
    ScoreCard Card,
    DateTimeOffset ScoredAt,
    string? PreviousTier,
    decimal FitRaw,
    decimal FitScore,
    decimal IntentRaw,
    decimal IntentScore,
    decimal BehaviorRaw,
    decimal BehaviorScore,
    decimal Composite,
    string? Tier,
    DateTimeOffset? NextChangeAt)
{
    public string LeadId => Card.LeadId;

    public DateTimeOffset AsOf => Card.AsOf;

    public bool TierChanged => PreviousTier != Tier;

    /// <summary>The stored raw points of a dimension column (fit, intent, behavior).</summary>
    public decimal StoredRaw(string dimension) => dimension switch
    {
        "fit" => FitRaw,
        "intent" => IntentRaw,
        "behavior" => BehaviorRaw,
        _ => throw new ArgumentException($"no stored column for dimension '{dimension}'", nameof(dimension)),
    };
}
