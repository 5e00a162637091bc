using System.Globalization;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Statistics;
using RuleScoring.Storage.Reports;

namespace RuleScoring.Cli.Pilot;

/// <summary>Renders a <see cref="PilotReport"/>: the two groups side by side with 95 % intervals, then the monthly cohorts.</summary>
internal static class PilotWriter
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void Write(PilotReport report, TextWriter output)
    {
        if (report.Settings is not { } settings)
        {
            output.WriteLine("No pilot in this database: start one with 'rulescore pilot --share 0.5 [--seed S] [--from DATE]'.");
            return;
        }

        output.WriteLine(string.Create(C,
            $"Pilot vs control (share {settings.Share:0.###}, seed {settings.Seed}, started {Timestamps.Format(settings.StartedAt)}{(settings.From is { } f ? ", leads from " + Timestamps.Format(f) : "")})"));
        output.WriteLine(string.Create(C,
            $"  {report.Pilot.Leads:N0} pilot lead(s) routed by score, {report.Control.Leads:N0} control lead(s) on the baseline process; 95 % intervals: Wilson per rate, Newcombe for a difference, percentile bootstrap ({report.BootstrapResamples:N0} resamples) for the median difference"));
        if (report.Pilot.Leads + report.Control.Leads == 0)
        {
            output.WriteLine("  no leads assigned yet: run 'rulescore pilot' after an import");
            return;
        }

        output.WriteLine();
        Table(output, ["", "pilot", "control", "pilot - control"],
            report.Comparisons.Select(c => new[] { c.Metric, Rate(c.Pilot), Rate(c.Control), Difference(c.Difference, points: true) })
                .Append(
                [
                    "speed-to-lead (median hours, entry to first disposition)",
                    Hours(report.Pilot.MedianHoursToFirstDisposition, report.Pilot.Dispositioned),
                    Hours(report.Control.MedianHoursToFirstDisposition, report.Control.Dispositioned),
                    Difference(report.SpeedToLeadDifferenceHours, points: false),
                ]));
        output.WriteLine("  A difference whose interval holds 0 is not shown to be real at this sample size.");
        if (report.AssignedAfterFirstDisposition > 0)
        {
            output.WriteLine(string.Create(C,
                $"  {report.AssignedAfterFirstDisposition:N0} lead(s) were assigned after sales had already dispositioned them: their outcomes did not come from their group's process (run 'rulescore pilot' as leads arrive)."));
        }

        output.WriteLine();
        output.WriteLine("Cohorts by month of entry (pilot / control; recent months have had less of a sales cycle, see open deals)");
        Table(output, ["month", "leads", "SAL rate", "opportunity rate", "win rate", "median hours", "open deals"],
            report.Cohorts.Select(r => new[]
            {
                r.Month, $"{r.Pilot.Leads:N0} / {r.Control.Leads:N0}".ToString(C),
                Pair(r.Pilot.SalRate, r.Control.SalRate), Pair(r.Pilot.OpportunityRate, r.Control.OpportunityRate), Pair(r.Pilot.WinRate, r.Control.WinRate),
                $"{Number(r.Pilot.MedianHoursToFirstDisposition)} / {Number(r.Control.MedianHoursToFirstDisposition)}", r.OpenDeals.ToString("N0", C),
            }));
    }

    private static string Rate(Interval? i) => i is null ? "-" : string.Create(C, $"{i.Estimate:0.0%} ({i.Low:0.0%}-{i.High:0.0%})");

    private static string Pair(Interval? a, Interval? b) => $"{(a is null ? "-" : a.Estimate.ToString("0.0%", C))} / {(b is null ? "-" : b.Estimate.ToString("0.0%", C))}";

    private static string Hours(double? median, long n) => median is { } m ? string.Create(C, $"{m:0.0} (n={n:N0})") : "-";

    private static string Number(double? value) => value is { } v ? v.ToString("0.0", C) : "-";

    private static string Difference(Interval? i, bool points) => i is null ? "-"
        : points ? string.Create(C, $"{i.Estimate * 100:+0.0;-0.0;0.0} pts ({i.Low * 100:+0.0;-0.0;0.0} to {i.High * 100:+0.0;-0.0;0.0})")
        : string.Create(C, $"{i.Estimate:+0.0;-0.0;0.0} h ({i.Low:+0.0;-0.0;0.0} to {i.High:+0.0;-0.0;0.0})");

    private static void Table(TextWriter output, string[] header, IEnumerable<string[]> rows) => TextTable.Write(output, header, rows);
}
