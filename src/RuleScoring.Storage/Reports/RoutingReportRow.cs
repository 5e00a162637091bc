namespace RuleScoring.Storage.Reports;

/// <summary>
/// One queue and owner in the report's routing lines: leads they were given, how fast they first
/// worked them (speed to lead: assignment to the first disposition or "worked"), SLA breaches on
/// their watch, escalations of those, and leads re-routed away from them.
/// </summary>
/// <param name="Owner">The member id; null for leads held in the queue with nobody assigned.</param>
/// <param name="MedianMinutesToFirstTouch">Null when none of their leads was worked yet.</param>
public sealed record RoutingReportRow(string Queue, string? Owner, long Assigned, long Worked, double? MedianMinutesToFirstTouch, long Breaches, long Escalations, long ReroutedAway);
