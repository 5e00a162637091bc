using System.Globalization;
using RuleScoring.Core.Leads;

namespace RuleScoring.Replay.Calibration;

/// <summary>
/// The honesty baseline's inputs: every lead attribute as a feature, with no rules. A column is
/// numeric when nine in ten of its values parse as numbers (missing = the median), otherwise its
/// 15 most frequent values become one-hot columns; id-like columns (mostly distinct) and the
/// excluded ones (fields that leak the outcome) are left out.
/// </summary>
internal static class RawFeatures
{
    private const int TopValues = 15;

    public static (List<float[]> Rows, List<string> Fields) Build(IReadOnlyList<Lead> leads, IReadOnlySet<string> excluded)
    {
        var columns = leads.SelectMany(l => l.Attributes.Keys).Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(c => !excluded.Contains(c)).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var encoders = new List<Func<Lead, IEnumerable<float>>>();
        var fields = new List<string>();
        foreach (var column in columns)
        {
            var values = leads.Select(l => l.Attributes.GetValueOrDefault(column)?.Trim() ?? "").ToList();
            var present = values.Where(v => v.Length > 0).ToList();
            if (present.Count == 0 || present.Distinct(StringComparer.OrdinalIgnoreCase).Count() > 0.5 * leads.Count)
            {
                continue;
            }

            var numbers = present.Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : (double?)null).ToList();
            if (numbers.Count(n => n is not null) >= 0.9 * present.Count)
            {
                var sorted = numbers.Where(n => n is not null).Select(n => n!.Value).Order().ToList();
                var median = (float)sorted[sorted.Count / 2];
                encoders.Add(l => [double.TryParse(l.Attributes.GetValueOrDefault(column), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? (float)n : median]);
                fields.Add(column);
                continue;
            }

            var top = present.GroupBy(v => v, StringComparer.OrdinalIgnoreCase).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Take(TopValues).Select(g => g.Key).ToList();
            encoders.Add(l =>
            {
                var value = l.Attributes.GetValueOrDefault(column)?.Trim() ?? "";
                return top.Select(t => string.Equals(t, value, StringComparison.OrdinalIgnoreCase) ? 1f : 0f);
            });
            fields.Add(column);
        }

        return (leads.Select(l => encoders.SelectMany(e => e(l)).ToArray()).ToList(), fields);
    }
}
