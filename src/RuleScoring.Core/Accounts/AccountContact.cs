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
    bool Disqualified);
