namespace RuleScoring.Core.Governance;

/// <summary>
/// One version in rules/CHANGELOG.md: heading <c>## 1.1.0 — 2026-11-23</c>, prose saying what
/// changed and why, then <c>Approved-by:</c>, and optionally <c>Replay:</c>, <c>Emergency:</c>
/// (why it could not wait) and <c>Retro-reviewed-by:</c>.
/// </summary>
public sealed record ChangelogEntry(
    string Version,
    DateOnly Date,
    int Line,
    string Text,
    IReadOnlyList<Approval> ApprovedBy,
    string? Emergency,
    IReadOnlyList<Approval> RetroReviewedBy,
    string? Replay)
{
    public bool IsEmergency => Emergency is not null;
}
