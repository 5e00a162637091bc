using System.Globalization;
using RuleScoring.Storage.Lifecycle;
using RuleScoring.Storage.Reports;
using static RuleScoring.Core.Output.ReportNumbers;

namespace RuleScoring.Cli.Reports;

/// <summary>Renders the lifecycle funnel and the fit x intent matrix as text tables.</summary>
internal static class FunnelWriter
{
    public static void Write(FunnelReport report, TextWriter o)
    {
        o.WriteLine("Lifecycle funnel (a lead that skipped a stage counts as having passed it)");
        if (report.Transitions == 0)
        {
            o.WriteLine("  no stage transitions stored yet: run 'rulescore rescore'");
            return;
        }

        Table(o, ["stage", "reached", "to next", "median days in stage", "moved on"],
            report.Stages.Select(s => new[]
            {
                s.Stage, N(s.Reached), Percent(s.ConversionToNext),
                s.MedianDaysInStage is { } d ? d.ToString("0.0", CultureInfo.InvariantCulture) : "-", N(s.MovedOn),
            }));
        o.WriteLine($"  lost: {N(report.Lost)}; recycled leads (moved back, e.g. rejected by sales): {N(report.RecycledLeads)}, " +
            $"of which {N(report.RecycledCameBack)} reached MQL or later again; {N(report.RecycleTransitions)} recycle(s) in {N(report.Transitions)} transition(s)" +
            (report.RecycleKinds.Count == 0 ? "" : $": {string.Join(", ", report.RecycleKinds.Select(k => $"{N(k.Transitions)} {k.Kind}"))}"));
        if (report.DealsCountedLate > 0)
        {
            o.WriteLine($"  {N(report.DealsCountedLate)} deal move(s) dated before the lead's earlier moves (e.g. won before first contact) or undated: counted at the lead's last move ('rulescore explain LEAD' shows which)");
        }

        if (report.WonLeadsNotCounted > 0)
        {
            o.WriteLine($"  {N(report.WonLeadsNotCounted)} lead(s) with a won deal are not in the funnel yet: run 'rulescore rescore'");
        }
        o.WriteLine();
        o.WriteLine("Funnel by current tier (leads that reached each stage)");
        Segments(o, "tier", report.ByTier);
        o.WriteLine();
        o.WriteLine("Funnel by month of arrival");
        Segments(o, "cohort", report.ByCohort);
    }

    public static void WriteMatrix(IReadOnlyList<FitIntentCell> cells, decimal highFit, decimal highIntent, TextWriter o)
    {
        var c = CultureInfo.InvariantCulture;
        o.WriteLine($"Fit x intent (best score before the opportunity; high fit >= {highFit.ToString(c)}, high intent >= {highIntent.ToString(c)})");
        if (cells.Sum(x => x.Leads) == 0)
        {
            o.WriteLine("  no scored leads under these rules yet");
            return;
        }

        string Cell(bool fit, bool intent)
        {
            var x = cells.Single(k => k.HighFit == fit && k.HighIntent == intent);
            return $"{N(x.Leads)} leads, {N(x.Won)} won / {N(x.Won + x.Lost)} closed ({Percent(x.WinRate)})";
        }

        Table(o, ["", "high intent", "low intent"],
        [
            ["high fit", Cell(true, true), Cell(true, false)],
            ["low fit", Cell(false, true), Cell(false, false)],
        ]);
    }

    private static void Segments(TextWriter o, string label, IReadOnlyList<FunnelSegment> segments) =>
        Table(o, [label, .. LifecycleStage.Funnel, "inquiry->won"],
            segments.Select(s => new[] { s.Name }.Concat(s.Reached.Select(v => N(v)))
                .Append(Percent(s.Reached[0] == 0 ? null : s.Reached[^1] / (double)s.Reached[0])).ToArray()));

    private static void Table(TextWriter output, string[] header, IEnumerable<string[]> rows) => TextTable.Write(output, header, rows);
}
