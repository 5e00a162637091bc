using RuleScoring.Replay.Data;

namespace RuleScoring.Replay.Metrics;

/// <summary>The whole comparison: what was replayed, each version's metrics, and what moved between them.</summary>
internal sealed record ReplayReport(
    string Data,
    string AsOf,
    int Deals,
    int Won,
    int Lost,
    int SkippedNoDate,
    int OpenOrNoDeal,
    int SignalsLeftOut,
    VersionMetrics Base,
    VersionMetrics Head,
    IReadOnlyList<string> TierOrder,
    IReadOnlyList<MigrationCell> Migration,
    int TierMoved,
    IReadOnlyList<Mover> BiggestMovers,
    IReadOnlyList<SegmentRow> Segments,
    string? SegmentColumn,
    IReadOnlyList<string> GateFailures,
    ReplayLevel Level = ReplayLevel.Lead,
    int NoAccount = 0)
{
    /// <summary>What each case is: "lead" or "account".</summary>
    public string Unit => Level == ReplayLevel.Account ? "account" : "lead";

    /// <summary>The score the metrics rank by: a lead's composite or an account's score.</summary>
    public string ScoreName => Level == ReplayLevel.Account ? "account score" : "composite";

    public double BaseRate => Deals == 0 ? 0 : Won / (double)Deals;
}
