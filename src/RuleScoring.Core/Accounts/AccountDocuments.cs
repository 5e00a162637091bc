namespace RuleScoring.Core.Accounts;

// model.json's "accounts" section and account.json's rule properties, exactly as ops people
// write them (unknown properties are errors, as in Rules/RuleDocuments.cs).

internal sealed class AccountsSectionDocument
{
    public string? Description { get; init; }
    /// <summary>The lists entry naming free-mail domains: a lead on one of them never forms an account.</summary>
    public required string FreeMailList { get; init; }
    public required decimal Cap { get; init; }
    /// <summary>Expression over lead, signals, lists and card: the contact counts as engaged.</summary>
    public required string Engaged { get; init; }
    /// <summary>Expression over lead, signals, lists and card: the contact is researching (account-level intent).</summary>
    public required string Researching { get; init; }
    public required AccountRoleDocument[] Roles { get; init; }
}

internal sealed class AccountRoleDocument
{
    public required string Name { get; init; }
    public required string Label { get; init; }
    public required string When { get; init; }
}

internal sealed class AccountScoringPropertiesDocument
{
    public required decimal Points { get; init; }
    public required string Reason { get; init; }
}

internal sealed class AccountTierPropertiesDocument
{
    public required string Tier { get; init; }
    public required string Sla { get; init; }
    public required string SalesAction { get; init; }
    public required string MarketingAction { get; init; }
    public string? Kpi { get; init; }
}
