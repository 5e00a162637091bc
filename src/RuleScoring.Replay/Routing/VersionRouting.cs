namespace RuleScoring.Replay.Routing;

/// <summary>How one version's routing went over the replayed leads: how many it routed and how many did not reach a rep in the queue their rules named.</summary>
/// <param name="NoRuleMatched">Sent to teams.json's fallback queue: no routing rule held.</param>
/// <param name="RuleFailed">Sent to teams.json's fallback queue: a routing rule failed on the lead (<paramref name="FirstError"/> is the first such error).</param>
/// <param name="PassedOn">Taken in a fallback queue: nobody in the queue the rules named could take them then.</param>
/// <param name="Held">Nobody along the fallbacks could take them: they wait unassigned.</param>
/// <param name="Escalated">Given to a queue's escalation contact.</param>
internal sealed record VersionRouting(string Side, IReadOnlyList<string> RoutedTiers, string FallbackQueue, int Routed, int NoRuleMatched, int RuleFailed,
    int PassedOn, int Held, int Escalated, string? FirstError);
