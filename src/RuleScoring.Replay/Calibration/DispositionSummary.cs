using RuleScoring.Core.Outcomes;

namespace RuleScoring.Replay.Calibration;

/// <summary>Sales' verdicts by tier under the calibrated rules, and over all tiers (null without dispositions).</summary>
internal sealed record DispositionSummary(IReadOnlyList<DispositionRow> ByTier, DispositionRow? All);
