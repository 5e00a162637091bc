namespace RuleScoring.Core.Statistics;

/// <summary>An estimate with its 95 % confidence interval.</summary>
public sealed record Interval(double Estimate, double Low, double High)
{
    /// <summary>The interval holds zero: no difference can be claimed.</summary>
    public bool IncludesZero => Low <= 0 && High >= 0;
}
