using RuleScoring.Core.Statistics;

namespace RuleScoring.Core.Outcomes;

/// <summary>
/// Ranked metrics that treat equal scores as tied, never ordered by lead id: a cut that falls
/// inside a group of equal scores takes that group's wins in proportion (with every score equal
/// the top 15 % hold 15 % of the wins), the lift curve is a straight line across a tied group,
/// and the AUC counts a tied won/lost pair as half. Replay, calibrate and report share them.
/// </summary>
public static class RankedShares
{
    /// <summary>
    /// From this share of items at one score on, a report says so beside its ranked figures: they
    /// then say little about the order inside that group. One threshold for report and replay.
    /// </summary>
    public const double LargeTieShare = 0.1;

    /// <summary>
    /// The share of all wins held by the top <paramref name="fraction"/> of the scored items,
    /// best score first; a tied group straddling the cut contributes the part of it inside the
    /// cut. Null when there is no win.
    /// </summary>
    public static double? ShareOfWinsInTop(IReadOnlyCollection<(decimal Score, bool Won)> scored, double fraction)
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        var groups = Groups(scored);
        var wins = groups.Sum(g => g.Won);
        if (wins == 0)
        {
            return null;
        }

        var cut = scored.Count * fraction;
        double taken = 0, winsInTop = 0;
        foreach (var (_, count, won) in groups)
        {
            if (taken + count <= cut)
            {
                taken += count;
                winsInTop += won;
                continue;
            }

            winsInTop += won * (cut - taken) / count;
            break;
        }

        return winsInTop / wins;
    }

    /// <summary>The same over outcomes: every outcome is ranked, only <see cref="DealOutcome.Won"/> counts as a win.</summary>
    public static double? ShareOfWinsInTop(IReadOnlyCollection<ScoredOutcome> outcomes, double fraction)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        return ShareOfWinsInTop(outcomes.Select(o => (o.Composite, o.Outcome == DealOutcome.Won)).ToList(), fraction);
    }

    /// <summary>
    /// The cumulative gains (lift) curve: from (0, 0), one point per group of equal scores, best
    /// first, at (share of items ranked so far, share of wins captured so far). Between points
    /// the curve is straight, as a tied group has no order inside it. Empty when there is no win.
    /// </summary>
    public static IReadOnlyList<(double Share, double Captured)> LiftCurve(IReadOnlyCollection<(decimal Score, bool Won)> scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var groups = Groups(scored);
        var wins = groups.Sum(g => g.Won);
        if (wins == 0)
        {
            return [];
        }

        var points = new List<(double, double)>(groups.Count + 1) { (0, 0) };
        long taken = 0, captured = 0;
        foreach (var (_, count, won) in groups)
        {
            taken += count;
            captured += won;
            points.Add((taken / (double)scored.Count, captured / (double)wins));
        }

        return points;
    }

    /// <summary>
    /// Area under the ROC curve, won against lost: the chance a random won item outscores a random
    /// lost one, a tie counting half (the mid-rank Mann-Whitney U, <see cref="Roc"/>). Null when either side is empty.
    /// </summary>
    public static double? Auc(IReadOnlyCollection<(decimal Score, bool Won)> scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        return Roc.Auc(scored);
    }

    /// <summary>
    /// The largest group of equal scores: its score and its share of all items (1 when every
    /// score is the same). Null when there is nothing scored.
    /// </summary>
    public static (decimal Score, double Share)? LargestTie(IReadOnlyCollection<(decimal Score, bool Won)> scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        if (scored.Count == 0)
        {
            return null;
        }

        var largest = Groups(scored).OrderByDescending(g => g.Count).ThenByDescending(g => g.Score).First();
        return (largest.Score, largest.Count / (double)scored.Count);
    }

    /// <summary>
    /// The highest score that, taken as "at or above", puts at most <paramref name="share"/> of
    /// <paramref name="scores"/> in; null (and 0 deals) when even the top group of equal scores is larger.
    /// </summary>
    public static (decimal? Cutoff, int Deals) CutoffWithin(IReadOnlyCollection<decimal> scores, double share)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var limit = share * scores.Count + 1e-9;
        decimal? cutoff = null;
        int deals = 0, running = 0;
        foreach (var group in scores.GroupBy(s => s).OrderByDescending(g => g.Key))
        {
            running += group.Count();
            if (running > limit)
            {
                break;
            }

            (cutoff, deals) = (group.Key, running);
        }

        return (cutoff, deals);
    }

    /// <summary>
    /// The wins among the <paramref name="count"/> highest (or lowest) scores, where a group of equal
    /// scores across the edge adds its win rate times the places it has inside: the expected count
    /// over every order of the tied deals, not the count for one order picked by lead id.
    /// </summary>
    public static double WinsAtTheEnd(IReadOnlyCollection<(decimal Score, bool Won)> deals, int count, bool highest)
    {
        ArgumentNullException.ThrowIfNull(deals);
        var groups = deals.GroupBy(d => d.Score);
        double wins = 0;
        var left = count;
        foreach (var group in highest ? groups.OrderByDescending(g => g.Key) : groups.OrderBy(g => g.Key))
        {
            if (left <= 0)
            {
                break;
            }

            var size = group.Count();
            var groupWins = group.Count(d => d.Won);
            wins += size <= left ? groupWins : groupWins * (left / (double)size);
            left -= size;
        }

        return wins;
    }

    /// <summary>Equal scores grouped, best first: each group's score, size and wins.</summary>
    private static List<(decimal Score, int Count, int Won)> Groups(IEnumerable<(decimal Score, bool Won)> scored) =>
        scored.GroupBy(s => s.Score)
            .Select(g => (g.Key, g.Count(), g.Count(s => s.Won)))
            .OrderByDescending(g => g.Key)
            .ToList();
}
