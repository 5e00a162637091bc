using RuleScoring.Core.Rules;
using RuleScoring.Core.Tiers;

namespace RuleScoring.Core.Accounts;

/// <summary>An account's score at one point in time: tier, reasons, committee coverage and the contacts behind it.</summary>
public sealed record AccountCard(
    string AccountKey,
    DateTimeOffset AsOf,
    RuleSetIdentity Rules,
    decimal Raw,
    decimal Score,
    TierAssignment? Tier,
    IReadOnlyList<AccountReason> Reasons,
    IReadOnlyList<string> RolesEngaged,
    IReadOnlyList<string> RolesMissing,
    int Engaged,
    int Researching,
    IReadOnlyList<AccountContact> Contacts,
    IReadOnlyList<string> Errors)
{
    /// <summary>"2 of 3 (economic_buyer, champion)": committee coverage as a lead card shows it.</summary>
    public string Coverage =>
        $"{RolesEngaged.Count} of {RolesEngaged.Count + RolesMissing.Count}" + (RolesEngaged.Count > 0 ? $" ({string.Join(", ", RolesEngaged)})" : "");
}
