using System.Globalization;

namespace RuleScoring.Core.Output;

/// <summary>
/// Numbers as every report prints them, text or HTML: counts with thousands separators, shares as
/// one-decimal percentages ("-" when there is no share), points and scores to a given number of
/// decimals. One set of formats, so the console, the council page and `rulescore report` show the
/// same figure the same way.
/// </summary>
public static class ReportNumbers
{
    /// <summary>"1,234".</summary>
    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"1,234.50" for two decimals.</summary>
    public static string N(decimal value, int decimals) =>
        value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>"12.5%", or "-" when there is nothing to divide by.</summary>
    public static string Percent(double? value) => value is { } v ? v.ToString("0.0%", CultureInfo.InvariantCulture) : "-";
}
