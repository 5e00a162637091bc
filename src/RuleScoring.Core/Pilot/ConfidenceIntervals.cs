namespace RuleScoring.Core.Pilot;

/// <summary>
/// 95 % intervals for a pilot's comparison: Wilson for a rate (sound at small counts and near
/// 0 or 1, where the normal approximation is not), Newcombe's hybrid score interval for the
/// difference of two rates (built from the two Wilson intervals), and a percentile bootstrap
/// for the difference of two medians (no formula for that which assumes less).
/// </summary>
public static class ConfidenceIntervals
{
    public const double Z95 = 1.959963984540054;

    /// <summary>Null when <paramref name="n"/> is 0.</summary>
    public static Interval? Wilson(long successes, long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, n);
        if (n == 0)
        {
            return null;
        }

        var p = successes / (double)n;
        const double z2 = Z95 * Z95;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = Z95 * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new Interval(p, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>Rate a minus rate b (Newcombe 1998, method 10). Null when either group is empty.</summary>
    public static Interval? RateDifference(long successesA, long nA, long successesB, long nB)
    {
        if (Wilson(successesA, nA) is not { } a || Wilson(successesB, nB) is not { } b)
        {
            return null;
        }

        var d = a.Estimate - b.Estimate;
        var low = d - Math.Sqrt(Square(a.Estimate - a.Low) + Square(b.High - b.Estimate));
        var high = d + Math.Sqrt(Square(a.High - a.Estimate) + Square(b.Estimate - b.Low));
        return new Interval(d, low, high);
    }

    /// <summary>
    /// Median of a minus median of b, with the 2.5th and 97.5th percentiles of that difference
    /// over <paramref name="resamples"/> bootstrap resamples of each group. Deterministic for a
    /// seed. Null when either group is empty.
    /// </summary>
    public static Interval? MedianDifference(IReadOnlyList<double> a, IReadOnlyList<double> b, int resamples = 2000, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 100);
        if (a.Count == 0 || b.Count == 0)
        {
            return null;
        }

        var random = new Random(seed);
        var differences = new double[resamples];
        var bufferA = new double[a.Count];
        var bufferB = new double[b.Count];
        for (var i = 0; i < resamples; i++)
        {
            differences[i] = Median(Resample(a, bufferA, random)) - Median(Resample(b, bufferB, random));
        }

        Array.Sort(differences);
        return new Interval(Median(a.ToArray()) - Median(b.ToArray()), Percentile(differences, 0.025), Percentile(differences, 0.975));
    }

    /// <summary>The median (mean of the middle two for an even count); sorts <paramref name="values"/> in place.</summary>
    public static double Median(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
        {
            throw new ArgumentException("no values", nameof(values));
        }

        Array.Sort(values);
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static double[] Resample(IReadOnlyList<double> source, double[] buffer, Random random)
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = source[random.Next(source.Count)];
        }

        return buffer;
    }

    private static double Percentile(double[] sorted, double p)
    {
        var position = p * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    private static double Square(double x) => x * x;
}
