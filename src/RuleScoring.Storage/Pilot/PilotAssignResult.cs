namespace RuleScoring.Storage.Pilot;

/// <summary>What one <c>rulescore pilot</c> run did: leads newly put in each group, the totals after it, and leads left out as older than the start.</summary>
public sealed record PilotAssignResult(PilotSettings Settings, long NewPilot, long NewControl, long TotalPilot, long TotalControl, long BeforeStart);
