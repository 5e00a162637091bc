using RuleScoring.Core.Routing;

namespace RuleScoring.Replay.Routing;

/// <summary>One replayed lead routed by one version: the queue its rules chose and who took it, at its point in time.</summary>
internal sealed record RoutedLead(string LeadId, DateTimeOffset At, RouteDecision Decision, Assignment Assignment);
