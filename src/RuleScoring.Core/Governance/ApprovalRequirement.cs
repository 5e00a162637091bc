namespace RuleScoring.Core.Governance;

/// <summary>
/// Sign-off a change needs: <see cref="Min"/> of <see cref="Roles"/> (one role, or "1 of marketing,
/// sales" for an emergency), which classes need it, and the approvals the changelog entry gives.
/// </summary>
public sealed record ApprovalRequirement(IReadOnlyList<string> Roles, int Min, IReadOnlyList<ChangeClass> NeededFor, IReadOnlyList<Approval> Found)
{
    public bool Met => Found.Count >= Min;

    /// <summary>"sales" or "1 of marketing, sales".</summary>
    public string Describe() => Min >= Roles.Count ? string.Join(" + ", Roles) : $"{Min} of {string.Join(", ", Roles)}";
}
