namespace RuleScoring.Storage.Sla;

/// <summary>A follow-up task a tier's SLA opened for a lead.</summary>
/// <param name="Status">open, worked, breached (past due unworked; it may still be worked late) or superseded (the lead left the tier).</param>
public sealed record SlaTask(long Id, string LeadId, long ScoreId, string Tier, string SalesAction, DateTimeOffset OpenedAt, DateTimeOffset DueAt,
    string Status, DateTimeOffset? WorkedAt, string? WorkedBy, DateTimeOffset? BreachedAt);
