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
    bool Sql)
{
    /// <summary>Wall clock, or the assigned rep's working hours (routed tiers only; see docs/routing-and-plays.md).</summary>
    public SlaClock Clock { get; init; } = SlaClock.Wall;
}
