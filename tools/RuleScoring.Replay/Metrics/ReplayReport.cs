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
    IReadOnlyList<string> GateFailures)
{
    public double BaseRate => Deals == 0 ? 0 : Won / (double)Deals;
}
