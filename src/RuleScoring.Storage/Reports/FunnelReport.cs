namespace RuleScoring.Storage.Reports;

/// <summary>
/// The lifecycle funnel over stored transitions: how many leads reached each stage (a lead
/// that skipped a stage, e.g. straight to SQL, counts as having passed it), stage-to-stage
/// conversion, median days in each stage, by current tier and by month of arrival; recycled
/// leads (moved backwards, e.g. rejected by sales) and how many of them came back.
/// </summary>
/// <param name="RecycledCameBack">Recycled leads with a move into MQL or a later stage at or after their first recycle
/// (a "qualified again" recycle is one such move), so it is never below the leads in <paramref name="RecycleKinds"/>' qualified again.</param>
/// <param name="RecycleKinds">Recycle transitions by what moved the lead back: rejected by sales, qualified again by score, accepted again, new opportunity.</param>
/// <param name="DealsCountedLate">Deal transitions dated before the lead's earlier moves (e.g. won before first contact) or undated, counted at the lead's last move.</param>
/// <param name="WonLeadsNotCounted">Leads with a won deal and no won transition (deals imported since the last rescore).</param>
public sealed record FunnelReport(
    IReadOnlyList<FunnelRow> Stages,
    long Lost,
    IReadOnlyList<FunnelSegment> ByTier,
    IReadOnlyList<FunnelSegment> ByCohort,
    long RecycledLeads,
    long RecycledCameBack,
    long RecycleTransitions,
    long Transitions,
    IReadOnlyList<(string Kind, long Transitions)> RecycleKinds,
    long DealsCountedLate,
    long WonLeadsNotCounted);

/// <param name="ConversionToNext">Reached the next stage / reached this one; null for the last stage or none reached.</param>
/// <param name="MedianDaysInStage">Median days from entering the stage to the lead's next move, over leads that moved on.</param>
public sealed record FunnelRow(string Stage, long Reached, double? ConversionToNext, double? MedianDaysInStage, long MovedOn);

/// <summary>Reached counts per stage (in <see cref="Storage.Lifecycle.LifecycleStage.Funnel"/> order) for one tier or cohort.</summary>
public sealed record FunnelSegment(string Name, IReadOnlyList<long> Reached);
