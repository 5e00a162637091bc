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

    /// <summary>Head's failing rule tests, one line each, when replayed anyway (--ignore-rule-tests).</summary>
    public IReadOnlyList<string> HeadRuleTestFailures { get; init; } = [];

    /// <summary>The paired bootstrap 95 % interval of head's AUC minus base's, over the same deals.</summary>
    public ConfidenceInterval? PairedAucDifference { get; init; }

    /// <summary>How far MQL or SQL volume may move (a share of base's) before the verdict says volume moved.</summary>
    public double VolumeTolerance { get; init; } = 0.2;

    /// <summary>Closed deals not replayed, by reason (<see cref="SkippedNoDate"/> among them).</summary>
    public IReadOnlyList<LeftOutDeals> LeftOut { get; init; } = [];

    /// <summary>Replayed deals scored as of their lead's creation: the deal has no creation date.</summary>
    public int AsOfFromLeadCreation { get; init; }

    /// <summary>How the score bands were chosen when not head's fixed edges (quantile, asked for or as a fallback).</summary>
    public string? BandsNote { get; init; }

    /// <summary>Leads a week per queue and per rep under each version against capacity; null when not built.</summary>
    public Routing.RoutingLoadReport? Routing { get; init; }

    /// <summary>The --from / --until period in words, or null for every deal.</summary>
    public string? Period { get; init; }

    /// <summary>Why there is nothing to compare (no won or no lost deal scored), or null when there is.</summary>
    public string? NothingToCompare => Won == 0 || Lost == 0
        ? $"{(Won == 0 ? "no won" : "no lost")} {Unit} among the {Reports.Format.Count(Deals)} scored, so no ranking to compare"
        : null;
}
