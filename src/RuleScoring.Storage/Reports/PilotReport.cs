using RuleScoring.Core.Statistics;
using RuleScoring.Storage.Pilot;

namespace RuleScoring.Storage.Reports;

/// <summary>
/// `report --pilot`: the pilot group against the control group. <see cref="SpeedToLeadDifferenceHours"/>
/// is the pilot's median hours to first disposition minus the control's, with a bootstrap interval.
/// <see cref="AssignedAfterFirstDisposition"/> counts leads whose group was recorded only after
/// sales had already worked them: their outcomes did not come from their group's process.
/// </summary>
public sealed record PilotReport(
    PilotSettings? Settings,
    PilotGroupStats Pilot,
    PilotGroupStats Control,
    IReadOnlyList<PilotComparison> Comparisons,
    Interval? SpeedToLeadDifferenceHours,
    IReadOnlyList<PilotCohortRow> Cohorts,
    long AssignedAfterFirstDisposition,
    int BootstrapResamples);
