using System.Globalization;
using System.Text.Json;

namespace RuleScoring.Cli.Tests;

/// <summary>A number of the council report's JSON as the text report and the HTML pages print it.</summary>
internal static class ReportCells
{
    public static string N(JsonElement e, string name) => e.GetProperty(name).GetInt64().ToString("N0", CultureInfo.InvariantCulture);

    public static string P(JsonElement e, string name) =>
        e.GetProperty(name) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble().ToString("0.0%", CultureInfo.InvariantCulture) : "-";
}
