namespace RuleScoring.Core.Routing;

/// <summary>teams.json: the queues, their members, and which tiers are routed.</summary>
/// <param name="RoutedTiers">Entering one of these tiers routes a lead.</param>
/// <param name="FallbackQueue">Where a lead goes when no routing rule matches or a rule fails on it.</param>
public sealed record TeamModel(IReadOnlySet<string> RoutedTiers, string FallbackQueue,
    IReadOnlyDictionary<string, RoutingQueue> Queues, IReadOnlyDictionary<string, TeamMember> Members)
{
    public const string File = "teams.json";
}
