namespace RuleScoring.Core.Statistics;

/// <summary>Standard errors: of a mean from its values' spread, and of an AUC from its counts.</summary>
public static class StandardErrors
{
    /// <summary>The mean and the standard error of that mean (sample variance, n - 1; 0 for one value).</summary>
    public static (double Mean, double StandardError) OfMean(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("no values", nameof(values));
        }

        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1);
        return (mean, Math.Sqrt(variance / values.Count));
    }

    /// <summary>Hanley and McNeil's (1982) standard error of an AUC from <paramref name="won"/> and <paramref name="lost"/> cases; infinite when either is 0.</summary>
    public static double OfAuc(double auc, int won, int lost)
    {
        if (won == 0 || lost == 0)
        {
            return double.PositiveInfinity;
        }

        var q1 = auc / (2 - auc);
        var q2 = 2 * auc * auc / (1 + auc);
        return Math.Sqrt((auc * (1 - auc) + (won - 1) * (q1 - auc * auc) + (lost - 1) * (q2 - auc * auc)) / ((double)won * lost));
    }
}
