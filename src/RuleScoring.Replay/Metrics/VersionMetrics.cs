using RuleScoring.Core.Outcomes;

namespace RuleScoring.Replay.Metrics;

/// <summary>Everything measured for one rule version on the replayed deals.</summary>
internal sealed record VersionMetrics(
    string Side,
    string Source,
    string RulesName,
    string RulesVersion,
    string RulesHash,
    double? Auc,
    double? AucLow,
    double? AucHigh,
    IReadOnlyList<ConversionRow> ByTier,
    IReadOnlyList<ConversionRow> ByBand,
    IReadOnlyList<TopShare> TopShares,
    double MeanWon,
    double MeanLost,
    int RecentN,
    double? RecentMeanWon,
    double? RecentMeanLost,
    string? TopTier,
    double? TopTierLift,
    int Mql,
    int Sql,
    IReadOnlyList<RuleStats> Rules,
    IReadOnlyList<string> NeverFired,
    IReadOnlyDictionary<string, int> ErrorsByRule,
    TieGroup? LargestTie = null);
