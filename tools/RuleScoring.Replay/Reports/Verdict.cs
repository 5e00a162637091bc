using RuleScoring.Replay.Data;
using RuleScoring.Replay.Metrics;

namespace RuleScoring.Replay.Reports;

/// <summary>The headline: is head better at separating won from lost than base, and what does it cost sales?</summary>
internal static class Verdict
{
    private const double Noise = 0.005;
    private const double LiftNoise = 0.05;

    public static string Of(ReplayReport r)
    {
        var auc = r.Head.Auc - r.Base.Auc;
        var lift = r.Head.TopTierLift - r.Base.TopTierLift;
        if (r.NothingToCompare is { } nothing)
        {
            return $"**nothing to compare**: {nothing}.";
        }

        var word = (auc, lift) switch
        {
            _ when r.TierMoved == 0 && auc is null or 0 => "no change",
            // Better only when head's interval clears base's AUC: a gain inside the noise is no gain.
            ({ } a, var l) when a > Noise && (r.Head.AucLow is null || r.Head.AucLow > r.Base.Auc) && (l is null || l >= -LiftNoise) => "better",
            ({ } a, var l) when (a < -Noise && (r.Head.AucHigh is null || r.Head.AucHigh < r.Base.Auc)) || l < -LiftNoise => "worse",
            _ => "about the same",
        };
        var ci = r.Head.AucLow is { } lo && r.Head.AucHigh is { } hi ? $" (95 % CI {Format.Auc(lo)}-{Format.Auc(hi)})" : "";
        return $"**{word}**: AUC {Format.Auc(r.Base.Auc)} -> {Format.Auc(r.Head.Auc)}{ci} ({Format.Signed(auc)}), "
            + $"top tier lift {Format.Lift(r.Base.TopTierLift)} -> {Format.Lift(r.Head.TopTierLift)}, "
            + (r.Level == ReplayLevel.Account ? "" : $"MQL volume {Format.Count(r.Base.Mql)} -> {Format.Count(r.Head.Mql)} ({Format.Change(r.Base.Mql, r.Head.Mql)}), ")
            + $"{Format.Count(r.TierMoved)} of {Format.Count(r.Deals)} {(r.Level == ReplayLevel.Account ? "accounts" : "deals")} change tier.";
    }
}
