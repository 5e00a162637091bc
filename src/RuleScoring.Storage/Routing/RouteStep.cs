namespace RuleScoring.Storage.Routing;

/// <summary>One step of a lead's routing, with its time.</summary>
/// <param name="Kind">routed (owner null: held), escalated, rerouted or released (a held lead assigned).</param>
public sealed record RouteStep(long Id, string LeadId, string Kind, DateTimeOffset At, string Queue, string? Owner, string Why, long? SlaTaskId);
