using System.Globalization;

namespace RuleScoring.Bench.Table;

/// <summary>
/// A contender against a baseline measured in the same run, once per repeat (the two taking
/// turns): each repeat's ratio, and each side's absolute figure for context.
/// </summary>
internal sealed record Comparison(
    string Name, IReadOnlyList<double> Ratios, IReadOnlyList<double> Contender, IReadOnlyList<double> Baseline, string Unit, string Target, bool? Met)
{
    public double Median => Stats.Median(Ratios);
}

/// <summary>A single figure (bytes, CPU seconds, memory), with its target when issue 19 sets one.</summary>
internal sealed record Figure(string Name, string Value, string Target, bool? Met);

/// <summary>A row that could not be measured here, and why.</summary>
internal sealed record Skipped(string Name, string Reason);

internal static class Stats
{
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string Ratio(double value) => value.ToString(value < 0.1 ? "0.000" : "0.00", CultureInfo.InvariantCulture) + "x";

    public static string Number(double value) => value.ToString(value < 1 ? "N3" : value < 10 ? "N2" : "N0", CultureInfo.InvariantCulture);

    public static string Met(bool? met) => met switch { true => "met", false => "**not met**", null => "" };
}
