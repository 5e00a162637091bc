namespace RuleScoring.Core.Accounts;

/// <summary>
/// What account.json's rules see as <c>account</c>: its contacts' scores rolled up (best and
/// summed per dimension), how many are engaged or researching, and which committee roles the
/// engaged ones cover. Tier rules also see the account's <see cref="Score"/> and reasons.
/// </summary>
public sealed class AccountFacts
{
    private readonly HashSet<string> _roles;
    private readonly IReadOnlyList<AccountContact> _contacts;
    private readonly IReadOnlyCollection<string> _reasonCodes;

    internal AccountFacts(string key, IReadOnlyList<AccountContact> contacts, double score = 0, IReadOnlyCollection<string>? reasonCodes = null)
    {
        Key = key;
        _contacts = contacts;
        _roles = contacts.Where(c => c.Engaged && c.Role is not null).Select(c => c.Role!).ToHashSet(StringComparer.Ordinal);
        Contacts = contacts.Count;
        Engaged = contacts.Count(c => c.Engaged);
        Researching = contacts.Count(c => c.Researching);
        RolesEngaged = _roles.Count;
        var scored = contacts.Where(c => !c.Disqualified).ToList();
        BestFit = scored.Count == 0 ? 0 : (double)scored.Max(c => c.Fit);
        BestIntent = scored.Count == 0 ? 0 : (double)scored.Max(c => c.Intent);
        BestBehavior = scored.Count == 0 ? 0 : (double)scored.Max(c => c.Behavior);
        BestComposite = scored.Count == 0 ? 0 : (double)scored.Max(c => c.Composite);
        SumFit = (double)scored.Sum(c => c.Fit);
        SumIntent = (double)scored.Sum(c => c.Intent);
        SumBehavior = (double)scored.Sum(c => c.Behavior);
        Score = score;
        _reasonCodes = reasonCodes ?? [];
    }

    public string Key { get; }
    public int Contacts { get; }
    public int Engaged { get; }
    public int Researching { get; }
    /// <summary>Distinct committee roles among engaged contacts.</summary>
    public int RolesEngaged { get; }
    public double BestFit { get; }
    public double BestIntent { get; }
    public double BestBehavior { get; }
    public double BestComposite { get; }
    public double SumFit { get; }
    public double SumIntent { get; }
    public double SumBehavior { get; }
    /// <summary>The account score (0-100); 0 while the scoring rules run, set for the tier rules.</summary>
    public double Score { get; }

    /// <summary>An engaged contact plays this role.</summary>
    public bool HasRole(string role) => _roles.Contains(role);

    /// <summary>How many contacts are in this lead tier.</summary>
    public int CountTier(string tier) => _contacts.Count(c => string.Equals(c.Tier, tier, StringComparison.Ordinal));

    /// <summary>An account rule with this code contributed (tier rules only).</summary>
    public bool HasReason(string code) => _reasonCodes.Contains(code);
}
