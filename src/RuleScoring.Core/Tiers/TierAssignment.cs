namespace RuleScoring.Core.Tiers;

/// <summary>The tier a card landed in and what it asks of sales and marketing.</summary>
public sealed record TierAssignment(
    string Tier,
    string Rule,
    string SlaText,
    DateTimeOffset? FollowUpBy,
    string SalesAction,
    string MarketingAction,
    string? Kpi,
    bool Mql,
    bool Sql);
