namespace RuleScoring.Core.Reasons;

/// <summary>
/// Why a card scores what it does: one fired rule, the points it gave after decay, the evidence
/// behind it (how many signals, how old the most recent) and its text for a sales rep.
/// </summary>
public sealed record Reason(
    string Code,
    string Dimension,
    decimal Points,
    decimal FullPoints,
    decimal Multiplier,
    int EvidenceCount,
    int? EvidenceAgeDays,
    string Text,
    bool Disqualifier)
{
    /// <summary>
    /// When the most recent evidence happened, the decay multipliers of the evidence counted one by
    /// one (per event or per topic; null for a rule that counts once), the topics: what a weight-only change
    /// needs to give the card again later without reading the signals (<see cref="Scoring.LeadScorer.Reweigh"/>).
    /// Not part of the card's JSON; a compact card keeps it.
    /// </summary>
    internal EvidenceTimes? Times { get; init; }
}

/// <param name="LatestAt">The most recent evidence's time (null: none, or not to the whole second, so not kept).</param>
/// <param name="CountedMultipliers">Each counted event's decay multiplier, in evidence order, when one is not 1 (null: a rule that counts once, or every one 1); they stay until the card's next change.</param>
/// <param name="Topics">The topics the text lists, when its template lists them.</param>
internal sealed record EvidenceTimes(DateTimeOffset? LatestAt, decimal[]? CountedMultipliers, string[]? Topics);
