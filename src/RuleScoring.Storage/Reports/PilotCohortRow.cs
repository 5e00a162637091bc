namespace RuleScoring.Storage.Reports;

/// <summary>The leads that entered in one month (yyyy-MM), per group. Recent months have had less of a sales cycle to convert.</summary>
public sealed record PilotCohortRow(string Month, PilotGroupStats Pilot, PilotGroupStats Control, long OpenDeals);
