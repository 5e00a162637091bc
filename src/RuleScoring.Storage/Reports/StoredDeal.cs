namespace RuleScoring.Storage.Reports;

/// <summary>One of a lead's deals as stored: its id, when it opened and closed (either may be unknown), and its outcome.</summary>
public sealed record StoredDeal(string DealId, string Outcome, DateTimeOffset? CreatedAt, DateTimeOffset? ClosedAt);
