namespace RuleScoring.Core.Tiers;

/// <summary>One row of tiers.json: the first rule whose expression holds for a card gives its tier.</summary>
public sealed record TierRule(
    string Name,
    string Expression,
    string Tier,
    TimeSpan? Sla,
    string SlaText,
    string SalesAction,
    string MarketingAction,
    string? Kpi,
    bool Mql,
    bool Sql);
