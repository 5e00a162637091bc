namespace RuleScoring.Core.Rules;

/// <summary>
/// model.json's optional <c>bands</c>: where the report's conversion-by-band table splits the
/// composite. Fixed edges (default 50, 60, 70, 80, 90: &lt;50, 50-60, ..., 90+) or quantile
/// bands (five, at score values, so tied scores share a band).
/// </summary>
public sealed record CompositeBandSetting(IReadOnlyList<decimal> Edges, bool Quantile)
{
    public static CompositeBandSetting Default { get; } = new([50, 60, 70, 80, 90], Quantile: false);
}
