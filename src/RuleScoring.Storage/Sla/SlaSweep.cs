namespace RuleScoring.Storage.Sla;

/// <summary>What one pass of the SLA monitor did.</summary>
/// <param name="ClosedByDisposition">Open or breached tasks a disposition recorded since closed.</param>
/// <param name="Breached">Tasks that went past due unworked in this pass (each also written to the outbox).</param>
public sealed record SlaSweep(int ClosedByDisposition, IReadOnlyList<SlaTask> Breached)
{
    /// <summary>Escalations, re-routes and releases from hold of routed leads in this pass.</summary>
    public RuleScoring.Storage.Routing.RoutingSweep Routing { get; init; } = RuleScoring.Storage.Routing.RoutingSweep.None;
}
