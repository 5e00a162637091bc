using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Governance;

/// <summary>
/// A rules change checked against governance: the version bump, the head version's changelog
/// entry, and each approval its change classes need (read from the base's policy, so a change
/// cannot loosen its own review). <see cref="Problems"/> says what is missing, line by line.
/// </summary>
public sealed record GovernanceReview(
    RuleSetDiff Diff,
    GovernancePolicy? Policy,
    ChangelogEntry? Entry,
    IReadOnlyList<ApprovalRequirement> Requirements,
    DateOnly? RetroReviewDue,
    IReadOnlyList<RuleProblem> Problems)
{
    public bool Passed => !Problems.Any(p => p.Severity == RuleProblemSeverity.Error);

    /// <summary>The roles a reviewer must find: "marketing + sales", plus any "1 of ..." group.</summary>
    public string NeedsSummary() => Requirements.Count == 0
        ? "no sign-off"
        : string.Join(" + ", Requirements.Select(r => r.Describe()));
}
