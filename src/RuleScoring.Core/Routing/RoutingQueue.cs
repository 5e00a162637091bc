namespace RuleScoring.Core.Routing;

/// <summary>A queue of teams.json: who works it, who hears of a breach, and where a lead goes when nobody can take it.</summary>
/// <param name="EscalationGrace">How long after an SLA breach the escalation contact is told, and after that, how long before the lead is re-routed.</param>
/// <param name="FallbackQueue">The queue to try when <paramref name="Fallback"/> is <see cref="FallbackAction.Queue"/>.</param>
public sealed record RoutingQueue(string Name, string Description, IReadOnlyList<string> Members, string EscalateTo, TimeSpan EscalationGrace,
    FallbackAction Fallback, string? FallbackQueue);
