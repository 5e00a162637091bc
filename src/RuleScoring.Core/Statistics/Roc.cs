namespace RuleScoring.Core.Statistics;

/// <summary>
/// The one AUC: area under the ROC curve of won against lost, the chance a random won item
/// outscores a random lost one with a tie counting half (the mid-rank Mann-Whitney U over the
/// pairs). Report, replay (and its bootstrap), calibrate's cross-validation and RankedShares all
/// count through <see cref="AucFromCounts"/>, so a tie means the same in every figure.
/// </summary>
public static class Roc
{
    /// <summary>The AUC of scored items. Null when either side is empty.</summary>
    public static double? Auc<TScore>(IEnumerable<(TScore Score, bool Won)> scored)
        where TScore : notnull
    {
        ArgumentNullException.ThrowIfNull(scored);
        var groups = scored.GroupBy(s => s.Score).OrderBy(g => g.Key, Comparer<TScore>.Default).ToList();
        var won = new long[groups.Count];
        var lost = new long[groups.Count];
        for (var i = 0; i < groups.Count; i++)
        {
            foreach (var item in groups[i])
            {
                (item.Won ? won : lost)[i]++;
            }
        }

        return AucFromCounts(won, lost);
    }

    /// <summary>
    /// The AUC from won and lost counts per score, lowest score first (one entry per distinct
    /// score: the items in an entry are tied). Null when either side is empty.
    /// </summary>
    public static double? AucFromCounts(ReadOnlySpan<long> won, ReadOnlySpan<long> lost)
    {
        if (won.Length != lost.Length)
        {
            throw new ArgumentException("one won and one lost count per score", nameof(lost));
        }

        // Counted in whole and half pairs, so the sum is exact: the same U whichever way it is added up.
        double lostBelow = 0, pairs = 0;
        long totalWon = 0, totalLost = 0;
        for (var b = 0; b < won.Length; b++)
        {
            pairs += won[b] * (lostBelow + lost[b] / 2.0);
            lostBelow += lost[b];
            totalWon += won[b];
            totalLost += lost[b];
        }

        return totalWon > 0 && totalLost > 0 ? pairs / ((double)totalWon * totalLost) : null;
    }
}
