using System.Globalization;

namespace RuleScoring.Replay.Reports;

/// <summary>Numbers as the reports print them.</summary>
internal static class Format
{
    public static string Auc(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    public static string Percent(double? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "n/a";

    public static string Lift(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "n/a";

    public static string Number(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Signed(double? value, string format = "+0.000;-0.000;0") => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    public static string Change(int before, int after) => before == 0
        ? (after == 0 ? "0" : "new")
        : ((after - before) / (double)before).ToString("+0.0 %;-0.0 %;0 %", CultureInfo.InvariantCulture);
}
