namespace RuleScoring.Core.Statistics;

/// <summary>
/// The one seeded bootstrap. Each resample draws, group by group, as many items as the group
/// holds, with replacement, and hands the statistic how often each item was drawn: counts rather
/// than copies, so a statistic over binned or sorted data stays one linear walk. Deterministic
/// for a seed: one <see cref="Random"/>, drawn from in the same order every time.
/// </summary>
public static class Bootstrap
{
    /// <summary>
    /// The statistic of each of <paramref name="resamples"/> resamples, in draw order, leaving out
    /// those it returns null for (e.g. a resample with no win has no AUC).
    /// </summary>
    /// <param name="sizes">The number of items in each group; counts[g][i] is how often item i of group g was drawn.</param>
    public static List<double> Resample(int seed, int resamples, IReadOnlyList<int> sizes, Func<IReadOnlyList<int[]>, double?> statistic)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentOutOfRangeException.ThrowIfNegative(resamples);
        var counts = sizes.Select(n => new int[n]).ToArray();
        var random = new Random(seed);
        var values = new List<double>(resamples);
        for (var r = 0; r < resamples; r++)
        {
            foreach (var group in counts)
            {
                Array.Clear(group);
                for (var i = 0; i < group.Length; i++)
                {
                    group[random.Next(group.Length)]++;
                }
            }

            if (statistic(counts) is { } value)
            {
                values.Add(value);
            }
        }

        return values;
    }
}
