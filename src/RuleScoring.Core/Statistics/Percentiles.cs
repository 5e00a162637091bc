namespace RuleScoring.Core.Statistics;

/// <summary>
/// Percentiles of sorted values. Two definitions are in use and both stay, as figures already
/// published were computed with them: <see cref="Interpolated"/> (the pilot's median bootstrap)
/// and <see cref="Nearest"/> (replay's AUC bootstraps).
/// </summary>
public static class Percentiles
{
    /// <summary>The median (mean of the middle two for an even count); sorts <paramref name="values"/> in place.</summary>
    public static double Median(Span<double> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("no values", nameof(values));
        }

        values.Sort();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /// <summary>The <paramref name="p"/> percentile, linear between the two nearest ranks (Hyndman and Fan's type 7).</summary>
    public static double Interpolated(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var position = p * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    /// <summary>The value at 0-based position floor(n * <paramref name="p"/>), at most the last one: no interpolation.</summary>
    public static double Nearest(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];
    }
}
