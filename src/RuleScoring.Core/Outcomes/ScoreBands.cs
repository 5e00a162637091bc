using System.Globalization;
using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Outcomes;

/// <summary>
/// The bands of the conversion table. Fixed edges come from model.json; quantile bands are cut
/// at score values, so equal scores always share a band and no band is empty. When fixed edges
/// put every score in one band but the scores differ, quantile bands are used instead: a table
/// with one bar says nothing about the model.
/// </summary>
public static class ScoreBands
{
    public const int QuantileCount = 5;

    public static IReadOnlyList<ScoreBand> Fixed(IReadOnlyList<decimal> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (edges.Count == 0)
        {
            return [new ScoreBand("all", decimal.MinValue, decimal.MaxValue)];
        }

        var bands = new List<ScoreBand> { new($"<{N(edges[0])}", decimal.MinValue, edges[0]) };
        for (var i = 0; i + 1 < edges.Count; i++)
        {
            bands.Add(new ScoreBand($"{N(edges[i])}-{N(edges[i + 1])}", edges[i], edges[i + 1]));
        }

        bands.Add(new ScoreBand($"{N(edges[^1])}+", edges[^1], decimal.MaxValue));
        return bands;
    }

    /// <summary>Up to <paramref name="count"/> bands holding about equal numbers of scores, cut at score values above the lowest.</summary>
    public static IReadOnlyList<ScoreBand> Quantile(IEnumerable<decimal> scores, int count = QuantileCount)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        var sorted = scores.Order().ToList();
        if (sorted.Count == 0 || sorted[0] == sorted[^1])
        {
            return [new ScoreBand("all", decimal.MinValue, decimal.MaxValue)];
        }

        var edges = Enumerable.Range(1, count - 1).Select(q => sorted[(int)((long)sorted.Count * q / count)])
            .Where(e => e > sorted[0]).Distinct().ToList();
        if (edges.Count == 0)
        {
            // Most scores tie at the lowest: the next score up is the only cut that leaves both sides non-empty.
            edges.Add(sorted.First(s => s > sorted[0]));
        }

        return Fixed(edges);
    }

    /// <summary>The bands for these scores under model.json's setting; <paramref name="fellBack"/> when fixed edges gave one band for differing scores.</summary>
    public static IReadOnlyList<ScoreBand> For(IReadOnlyCollection<decimal> scores, CompositeBandSetting setting, out bool fellBack)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(setting);
        fellBack = false;
        if (setting.Quantile)
        {
            return Quantile(scores);
        }

        var bands = Fixed(setting.Edges);
        if (scores.Distinct().Count() > 1 && bands.Count(b => scores.Any(b.Contains)) < 2)
        {
            fellBack = true;
            return Quantile(scores);
        }

        return bands;
    }

    private static string N(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
