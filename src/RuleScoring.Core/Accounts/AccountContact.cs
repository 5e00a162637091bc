namespace RuleScoring.Core.Accounts;

/// <summary>One lead as its account sees it: its score, the committee role it plays (if any) and whether it is engaged or researching.</summary>
public sealed record AccountContact(
    string LeadId,
    string? Role,
    bool Engaged,
    bool Researching,
    decimal Fit,
    decimal Intent,
    decimal Behavior,
    decimal Composite,
    string? Tier,
    bool Disqualified)
{
    /// <summary>Errors of the contact classification rules on this lead: the contact then counts for nothing, and its account card says why.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
}
