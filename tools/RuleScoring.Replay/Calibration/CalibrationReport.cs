using RuleScoring.Replay.Metrics;

namespace RuleScoring.Replay.Calibration;

/// <summary>Everything calibrate found: per-rule statistics and suggestions, threshold options, the honesty baseline, the MadKudu benchmark and sales' verdicts by tier.</summary>
internal sealed record CalibrationReport(
    string Rules,
    string RulesVersion,
    string Data,
    string AsOf,
    int Deals,
    int Won,
    double? ModelAuc,
    double? RulesRegressionCvAuc,
    double? RawFieldsCvAuc,
    int RawFeatures,
    IReadOnlyList<string> RawFieldsUsed,
    IReadOnlyList<RuleStats> Stats,
    IReadOnlyList<RuleSuggestion> Suggestions,
    IReadOnlyList<ThresholdOption> Thresholds,
    IReadOnlyList<TopShare> TopShares,
    double? TopVsBottomQuintile,
    DispositionSummary Dispositions);
