namespace RuleScoring.Storage.Routing;

/// <summary>What one pass of the SLA monitor did to routed leads.</summary>
/// <param name="Escalated">First breaches told to the queue's escalation contact (grace spent).</param>
/// <param name="Rerouted">Second breaches: the lead moved to the next member or the fallback.</param>
/// <param name="Released">Held leads a member could now take.</param>
public sealed record RoutingSweep(int Escalated, int Rerouted, int Released)
{
    public static RoutingSweep None { get; } = new(0, 0, 0);
}
