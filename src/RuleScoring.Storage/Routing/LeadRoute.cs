namespace RuleScoring.Storage.Routing;

/// <summary>Where a routed lead is now: its queue, who has it and why.</summary>
/// <param name="Status">assigned, held (nobody could take it yet) or escalated (the escalation contact has it).</param>
/// <param name="Rule">The routing rule that matched; null when the lead went to the fallback queue.</param>
/// <param name="Error">A routing rule's error on this lead (it went to the fallback queue).</param>
public sealed record LeadRoute(string LeadId, string? AccountKey, string Queue, string? Owner, string Status, string Tier, string? Rule,
    string Why, string? Error, string? Play, DateTimeOffset RoutedAt, DateTimeOffset UpdatedAt);
