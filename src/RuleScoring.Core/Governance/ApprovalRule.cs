namespace RuleScoring.Core.Governance;

/// <summary>
/// Who signs off one change class: <see cref="MinApprovals"/> of <see cref="Roles"/> (all of them
/// unless the policy says fewer), and for emergency fixes a retro-review by every role within
/// <see cref="RetroReviewDays"/>.
/// </summary>
public sealed record ApprovalRule(ChangeClass Class, string Label, IReadOnlyList<string> Roles, int MinApprovals, int? RetroReviewDays)
{
    public bool NeedsAll => MinApprovals >= Roles.Count;

    /// <summary>"marketing + sales" or "1 of marketing, sales".</summary>
    public string Describe() => NeedsAll ? string.Join(" + ", Roles) : $"{MinApprovals} of {string.Join(", ", Roles)}";
}
