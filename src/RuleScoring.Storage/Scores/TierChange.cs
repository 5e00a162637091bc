namespace RuleScoring.Storage.Scores;

/// <summary>
/// One outbox row: a lead's tier changed (<see cref="FromTier"/> is null on its first score), or,
/// when <see cref="Kind"/> is <c>sla_breached</c>, its follow-up task went past due unworked
/// (<see cref="SlaTaskId"/> names the task; both tiers are the task's tier); <c>routed</c> and
/// <c>escalated</c> rows announce a routing step (<see cref="RouteStepId"/>).
/// </summary>
/// <param name="Id">Grows with every row: a consumer reads rows after the last id it processed.</param>
public sealed record TierChange(long Id, string LeadId, long ScoreId, DateTimeOffset AsOf, string? FromTier, string? ToTier,
    decimal Composite, string RulesVersion, string RulesHash, DateTimeOffset CreatedAt, string Kind = TierChange.TierChanged, long? SlaTaskId = null)
{
    public const string TierChanged = "tier_changed";
    public const string SlaBreached = "sla_breached";
    public const string Routed = "routed";
    public const string Escalated = "escalated";

    /// <summary>For <c>routed</c> and <c>escalated</c> rows: the routing step announced (see <see cref="Routing.RoutingStore.Steps"/>).</summary>
    public long? RouteStepId { get; init; }
}
