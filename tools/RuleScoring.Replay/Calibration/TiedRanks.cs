namespace RuleScoring.Replay.Calibration;

/// <summary>
/// Ranking that treats equal scores as tied, for calibrate's cut-off table and its top-vs-bottom
/// benchmark: a threshold takes a whole group of equal scores or none of it, and a fixed-size
/// top (or bottom) slice counts a group that straddles its edge by the share of the group inside.
/// Calibrate's own copy until the tie-aware primitives in Core/Outcomes land; merge it into them then.
/// </summary>
internal static class TiedRanks
{
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
}
