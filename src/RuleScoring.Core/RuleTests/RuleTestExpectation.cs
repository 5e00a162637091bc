namespace RuleScoring.Core.RuleTests;

/// <summary>
/// What a golden lead's card must show. Every part is optional; a null part is not checked.
/// Scores are the 0-100 values tier rules see, not raw points.
/// </summary>
/// <param name="Tier">The card's tier must be one of these.</param>
/// <param name="NotTier">The card's tier must be none of these ("never A or B").</param>
/// <param name="TierRule">The tier rule that must assign the tier (e.g. tier.disqualified).</param>
/// <param name="Reasons">Reason codes that must be on the card.</param>
/// <param name="NotReasons">Reason codes that must not be on the card.</param>
public sealed record RuleTestExpectation(
    IReadOnlyList<string>? Tier,
    IReadOnlyList<string>? NotTier,
    string? TierRule,
    ScoreRange? Fit,
    ScoreRange? Intent,
    ScoreRange? Behavior,
    ScoreRange? Composite,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<string> NotReasons,
    bool? Disqualified)
{
    /// <summary>The queue routing.json must give the lead (the first matching rule's, or the fallback queue).</summary>
    public string? Queue { get; init; }

    /// <summary>The play plays.json must choose for the card.</summary>
    public string? Play { get; init; }

    public bool IsEmpty => Tier is null && NotTier is null && TierRule is null && Fit is null && Intent is null && Behavior is null
        && Composite is null && Reasons.Count == 0 && NotReasons.Count == 0 && Disqualified is null && Queue is null && Play is null;
}
