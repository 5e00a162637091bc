using System.Globalization;
using RuleScoring.Storage.Reports;

namespace RuleScoring.Cli.Reports;

/// <summary>The report's routing lines, after SLA compliance: speed to lead and breaches by queue and owner.</summary>
internal static class RoutingReportWriter
{
    public static void Write(IReadOnlyList<RoutingReportRow> rows, TextWriter output)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine("Speed to lead and breaches by queue and owner (routing.json, teams.json; a breach counts against whoever had the lead)");
        TextTable.Write(output, ["queue", "owner", "leads", "worked", "median to first touch", "breaches", "escalated", "re-routed away"],
            rows.Select(r => new[]
            {
                r.Queue, r.Owner ?? "(held)", r.Assigned.ToString("N0", c), r.Worked.ToString("N0", c),
                r.MedianMinutesToFirstTouch is { } m ? Duration(m) : "-", r.Breaches.ToString("N0", c), r.Escalations.ToString("N0", c), r.ReroutedAway.ToString("N0", c),
            }));
    }

    private static string Duration(double minutes) => minutes switch
    {
        < 90 => string.Create(CultureInfo.InvariantCulture, $"{minutes:0} min"),
        < 48 * 60 => string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:0.#} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{minutes / 1440:0.#} d"),
    };
}
