namespace RuleScoring.Core.Routing;

/// <summary>The queue a routing rule chose for a card.</summary>
/// <param name="Rule">The rule that matched; null when none did or one failed (the lead goes to teams.json's fallback queue).</param>
/// <param name="Error">The failing rule's error, in the engine's words.</param>
public sealed record RouteDecision(string Queue, string? Rule, string Reason, string? Error, bool Reassign);
