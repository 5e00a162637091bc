using RuleScoring.Core.Rules;

namespace RuleScoring.Storage.Reports;

/// <summary>
/// What the monthly scoring council looks at, computed once (<see cref="CouncilReportBuilder"/>)
/// and only rendered by the text, HTML and JSON writers: today's report (<see cref="Score"/>, the
/// numbers `rulescore report` prints), the lifecycle funnel, SLA compliance by each dimension the
/// store knows, and drift: this month against last month.
/// </summary>
/// <param name="ThisMonth">The month of the report's clock (to date: <paramref name="GeneratedAt"/>), as yyyy-MM.</param>
/// <param name="LastMonth">The calendar month before it.</param>
/// <param name="Sla">SLA compliance by tier; by queue and by owner slot in here once leads are routed.</param>
public sealed record CouncilReport(
    RuleSetIdentity Rules,
    DateTimeOffset GeneratedAt,
    string ThisMonth,
    string LastMonth,
    ScoreReport Score,
    IReadOnlyList<SlaBreakdown> Sla,
    FunnelReport Funnel,
    CouncilDrift Drift)
{
    /// <summary>Below this many items (leads, closed deals, dispositions, tasks) a figure is flagged as a small sample.</summary>
    public const int SmallSample = 30;

    public static bool IsSmall(long count) => count < SmallSample;

    /// <summary>Webhook deliveries made from the start of last month to now, by state and event kind, shown with the SLA rows; null: not counted.</summary>
    public Webhooks.DeliveryCounts? Deliveries { get; init; }
}

/// <summary>SLA rows grouped by one dimension (<c>tier</c> today; <c>queue</c>, <c>owner</c> later), each row's <see cref="SlaRow.Tier"/> naming the group.</summary>
public sealed record SlaBreakdown(string Dimension, IReadOnlyList<SlaRow> Rows);

/// <summary>Drift: model quality by monthly cohort, and what moved between last month and this one.</summary>
/// <param name="LastMonthScored">Leads with a score at the end of last month (the distribution's and the fire rates' base).</param>
/// <param name="ThisMonthScored">Leads with a score now.</param>
/// <param name="ThisMonthDays">Days of this month so far: signal volumes compare per day, so a month to date is not read as a drop.</param>
public sealed record CouncilDrift(
    IReadOnlyList<CohortQuality> Cohorts,
    IReadOnlyList<DistributionBin> Distribution,
    long LastMonthScored,
    long ThisMonthScored,
    IReadOnlyList<RuleFireMove> Rules,
    IReadOnlyList<SignalVolumeMove> Signals,
    double LastMonthDays,
    double ThisMonthDays,
    IReadOnlyList<RuleVersionLive> Versions);

/// <summary>
/// The leads that arrived in one month (created_at, else first seen) and how their scores ranked
/// their outcomes: AUC won vs lost (ties count half) and the top tier's lift (its conversion over
/// the cohort's).
/// </summary>
public sealed record CohortQuality(string Month, int Leads, int Won, int Lost, double? Auc, string? TopTier, int TopTierLeads, double? TopTierLift)
{
    public bool SmallSample => CouncilReport.IsSmall(Won + Lost);
}

/// <summary>Scored leads per 10-point composite band at the end of last month and now.</summary>
public sealed record DistributionBin(string Band, long LastMonth, long ThisMonth);

/// <summary>A rule's fire rate (the share of scored leads whose card it is on) at the end of last month and now.</summary>
public sealed record RuleFireMove(string Rule, long LastMonthLeads, double? LastMonthRate, long ThisMonthLeads, double? ThisMonthRate)
{
    /// <summary>This month's rate minus last month's, in points of share; null when either side has no scored lead.</summary>
    public double? Change => LastMonthRate is { } a && ThisMonthRate is { } b ? b - a : null;
}

/// <summary>A signal type's volume (by occurred_at) last month and this month to date, and the change in its daily rate.</summary>
public sealed record SignalVolumeMove(string Type, long LastMonth, long ThisMonth, double? ChangePerDay);

/// <summary>A rule version that went live in the period: when, how we know (the worker's activation, or its first score), and its changelog lines.</summary>
public sealed record RuleVersionLive(string Version, string Hash, DateTimeOffset LiveAt, string Source, IReadOnlyList<string> Changes, IReadOnlyList<string> Changelog);
