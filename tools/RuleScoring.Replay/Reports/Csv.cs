namespace RuleScoring.Replay.Reports;

/// <summary>Writing CSV fields (RFC 4180): quoted when they hold a comma, a quote or a line break.</summary>
internal static class Csv
{
    public static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    public static string Line(IEnumerable<string> values) => string.Join(',', values.Select(Quote));
}
