using System.Globalization;
using RuleScoring.Replay.Data;
using RuleScoring.Replay.Metrics;

namespace RuleScoring.Replay.Reports;

/// <summary>
/// The headline: is head better at separating won from lost than base, and what does it cost
/// sales? "better" or "worse" only when the paired bootstrap interval of the AUC difference
/// clears zero (and the change is more than <see cref="Noise"/>); a head whose ranking is about
/// the same but moves MQL or SQL volume beyond the tolerance says so instead.
/// </summary>
internal static class Verdict
{
    private const double Noise = 0.005;
    private const double LiftNoise = 0.05;

    public static string Of(ReplayReport r)
    {
        if (r.NothingToCompare is { } nothing)
        {
            return $"**nothing to compare**: {nothing}.";
        }

        var auc = r.Head.Auc - r.Base.Auc;
        var volume = VolumeMoved(r);
        var moved = volume.ToList();
        if (r.Head.TopTierLift - r.Base.TopTierLift < -LiftNoise)
        {
            moved.Add($"top tier lift fell {Format.Lift(r.Base.TopTierLift)} -> {Format.Lift(r.Head.TopTierLift)}");
        }

        var clear = r.PairedAucDifference?.Clear ?? 0;
        var word = auc switch
        {
            _ when r.TierMoved == 0 && auc is null or 0 && moved.Count == 0 => "no change",
            > Noise when clear > 0 => "better",
            < -Noise when clear < 0 => "worse",
            _ when volume.Count > 0 => "volume moved",
            _ => "about the same",
        };
        var paired = r.PairedAucDifference is { } d && word != "no change"
            ? $"; paired 95 % CI {Bound(d.Low)} to {Bound(d.High)}{(d.Clear == 0 ? ", within noise" : Math.Abs(auc ?? 0) <= Noise ? ", too small to count" : "")}"
            : "";
        return $"**{word}**: AUC {Format.Auc(r.Base.Auc)} -> {Format.Auc(r.Head.Auc)} ({Format.Signed(auc)}{paired}), "
            + $"top tier lift {Format.Lift(r.Base.TopTierLift)} -> {Format.Lift(r.Head.TopTierLift)}, "
            + (r.Level == ReplayLevel.Account ? "" : $"MQL volume {Format.Count(r.Base.Mql)} -> {Format.Count(r.Head.Mql)} ({Format.Change(r.Base.Mql, r.Head.Mql)}), ")
            + $"{Format.Count(r.TierMoved)} of {Format.Count(r.Deals)} {(r.Level == ReplayLevel.Account ? "accounts" : "deals")} change tier."
            + (moved.Count == 0 ? "" : " Moved: " + string.Join("; ", moved) + ".");
    }

    /// <summary>An interval bound: one that rounds to zero keeps its sign ("-0.000"), so a clear interval never reads "to 0".</summary>
    private static string Bound(double value) => value != 0 && Math.Abs(value) < 0.0005
        ? (value < 0 ? "-0.000" : "+0.000")
        : Format.Signed(value);

    /// <summary>MQL / SQL volume that moved beyond the tolerance, in words (lead level: account tiers have no such flags).</summary>
    internal static List<string> VolumeMoved(ReplayReport r)
    {
        var moved = new List<string>();
        if (r.Level == ReplayLevel.Lead)
        {
            foreach (var (name, before, after) in new[] { ("MQL", r.Base.Mql, r.Head.Mql), ("SQL", r.Base.Sql, r.Head.Sql) })
            {
                if (before == 0 ? after > 0 : Math.Abs(after - before) / (double)before > r.VolumeTolerance)
                {
                    moved.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{name} volume {Format.Count(before)} -> {Format.Count(after)} ({Format.Change(before, after)}), beyond the {r.VolumeTolerance:0 %} tolerance"));
                }
            }
        }

        return moved;
    }
}
