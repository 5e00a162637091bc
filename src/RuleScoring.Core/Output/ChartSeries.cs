namespace RuleScoring.Core.Output;

/// <summary>One series of a <see cref="SvgBarChart"/>: its name (legend and each bar's title), colour and a value per category (null: none).</summary>
public sealed record ChartSeries(string Name, string Colour, IReadOnlyList<double?> Values);
