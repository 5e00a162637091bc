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
    bool Disqualifier);
