namespace RuleScoring.Storage.Reports;

/// <summary>
/// The lifecycle funnel over stored transitions: how many leads reached each stage (a lead
/// that skipped a stage, e.g. straight to SQL, counts as having passed it), stage-to-stage
/// conversion, median days in each stage, by current tier and by month of arrival; recycled
/// leads (moved backwards, e.g. rejected by sales) and how many of them came back.
/// </summary>
public sealed record FunnelReport(
    IReadOnlyList<FunnelRow> Stages,
    long Lost,
    IReadOnlyList<FunnelSegment> ByTier,
    IReadOnlyList<FunnelSegment> ByCohort,
    long RecycledLeads,
    long RecycledCameBack,
    long RecycleTransitions,
    long Transitions);

/// <param name="ConversionToNext">Reached the next stage / reached this one; null for the last stage or none reached.</param>
/// <param name="MedianDaysInStage">Median days from entering the stage to the lead's next move, over leads that moved on.</param>
public sealed record FunnelRow(string Stage, long Reached, double? ConversionToNext, double? MedianDaysInStage, long MovedOn);

/// <summary>Reached counts per stage (in <see cref="Storage.Lifecycle.LifecycleStage.Funnel"/> order) for one tier or cohort.</summary>
public sealed record FunnelSegment(string Name, IReadOnlyList<long> Reached);
