using RuleScoring.Replay.Metrics;

namespace RuleScoring.Replay.Calibration;

/// <summary>Everything calibrate found: per-rule statistics and suggestions, threshold options, the honesty baseline, the MadKudu benchmark and sales' verdicts by tier.</summary>
/// <param name="LeakyFieldsLeftOut">Fields model.json declares leaky that the data has and the raw-field baseline left out (none with --include-leaky).</param>
/// <param name="CrossValidation">How the cross-validated AUCs were folded, in words.</param>
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
    IReadOnlyList<string> LeakyFieldsLeftOut,
    string CrossValidation,
    IReadOnlyList<RuleStats> Stats,
    IReadOnlyList<RuleSuggestion> Suggestions,
    double Capacity,
    IReadOnlyList<ThresholdOption> Thresholds,
    IReadOnlyList<TopShare> TopShares,
    double? TopVsBottomQuintile,
    DispositionSummary Dispositions)
{
    /// <summary>Each tier's deals with the current points and with the points --write would write.</summary>
    public IReadOnlyList<TierShift> Tiers { get; init; } = [];

    /// <summary>What a reviewer must not miss: a tier the suggestions empty, a top tier past capacity.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The out-of-sample check of --train-until; null without it.</summary>
    public HoldoutCheck? Holdout { get; init; }
}
