using System.Globalization;
using RuleScoring.Core.Outcomes;
using RuleScoring.Storage.Reports;
using static RuleScoring.Core.Output.ReportNumbers;

namespace RuleScoring.Cli.Reports;

/// <summary>Renders a <see cref="ScoreReport"/> as aligned text tables with bar charts, for a terminal.</summary>
internal static class ReportWriter
{
    private const int BarWidth = 30;

    public static void Write(ScoreReport report, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"Report under rules {report.Rules}");
        output.WriteLine();
        output.WriteLine("Tiers now");
        if (report.ScoredLeads == 0)
        {
            output.WriteLine($"  no scores under these rules yet ({N(report.UnscoredLeads)} lead(s) stored): run 'rulescore rescore'");
        }
        else
        {
            Table(output, ["tier", "leads", "share", "MQL", "SQL", ""],
                report.CurrentTiers.Select(t => new[]
                {
                    t.Tier, N(t.Leads), Percent(Share(t.Leads, report.ScoredLeads)), N(t.Mql), N(t.Sql), Bar(Share(t.Leads, report.ScoredLeads)),
                }));
            if (report.UnscoredLeads > 0)
            {
                output.WriteLine($"  {N(report.UnscoredLeads)} lead(s) have no score under these rules yet: run 'rulescore rescore'.");
            }
        }

        output.WriteLine();
        output.WriteLine("Conversion by tier (each lead's best score before its opportunity opened)");
        Conversion(output, report.ConversionByTier, report.DealsWithoutPriorScore);
        output.WriteLine();
        output.WriteLine(report.BandsNote is { } note ? $"Conversion by composite band ({note})" : "Conversion by composite band");
        Conversion(output, report.ConversionByBand, report.DealsWithoutPriorScore);
        output.WriteLine();
        var all = report.ConversionByTier[^1];
        var lost = all.Closed - all.Won;
        var auc = report.Auc is { } a ? a.ToString("0.000", c)
            : all.Won == 0 && lost == 0 ? "- (no closed deals)" : all.Won == 0 ? "- (no won deals)" : "- (no lost deals)";
        var top = all.Won == 0
            ? "- (no won deals)"
            : string.Join(", ", report.WinsInTop.Select(t => $"top {t.Top.ToString("P0", c)}: {Percent(t.ShareOfWins)}"));
        output.WriteLine($"AUC won vs lost: {auc}; share of wins held by the {top}");
        if (report.LargestTie is { } tie)
        {
            output.WriteLine($"  {Percent(Share(tie.Leads, all.Leads))} of scored leads ({N(tie.Leads)}) share one score ({tie.Score.ToString("0.##", c)}): ranked figures treat them as tied");
        }
        if (report.DealsWithoutPriorScore > 0)
        {
            output.WriteLine($"  {N(report.DealsWithoutPriorScore)} lead(s) with a deal are left out of conversion: {LeftOutWhy(report)}.");
        }

        output.WriteLine();
        output.WriteLine("Sales acceptance by tier (tier when dispositioned; false positives = the share sales rejected)");
        if (report.Dispositions.Count == 0)
        {
            output.WriteLine("  no dispositions imported ('rulescore import dispositions FILE')");
        }
        else
        {
            Table(output, ["tier", "accepted", "rejected", "acceptance", "false positives", "top rejection reasons"],
                report.Dispositions.Select(d => new[]
                {
                    d.Tier, N(d.Accepted), N(d.Rejected), Percent(d.AcceptanceRate), Percent(d.FalsePositiveRate),
                    string.Join("; ", d.TopRejectionReasons.Select(r => $"{r.Reason} ({N(r.Count)})")),
                }));
        }

        output.WriteLine();
        output.WriteLine("SLA compliance (a task per tier entry with an SLA; a disposition or 'worked' closes it)");
        if (report.Sla.Count == 0)
        {
            output.WriteLine("  no SLA tasks yet");
        }
        else
        {
            Table(output, ["tier", "tasks", "in time", "late", "breached", "open", "compliance"],
                report.Sla.Select(s => new[]
                {
                    s.Tier, N(s.Tasks), N(s.WorkedInTime), N(s.WorkedLate), N(s.Breached), N(s.OpenInTime), Percent(s.Compliance),
                }));
        }
    }

    // Conversion is judged on a score from before the deal opened; a backfilled history (one
    // rescore after the deals) has none, and the way out is an earlier rescore or a replay.
    private static string LeftOutWhy(ScoreReport report)
    {
        var after = report.DealsWithoutPriorScore - report.DealsNeverScored;
        var reasons = new List<string>();
        if (after > 0)
        {
            reasons.Add($"{N(after)} first scored after the deal opened (a score from then has seen the deal; rescore --as-of a date before the deals, or replay, which scores each deal as of its opening)");
        }

        if (report.DealsNeverScored > 0)
        {
            reasons.Add($"{N(report.DealsNeverScored)} never scored under these rules (created after the last rescore, or scored under other rules only)");
        }

        return string.Join("; ", reasons);
    }

    private static void Conversion(TextWriter output, IReadOnlyList<ConversionRow> rows, long dealsWithoutPriorScore)
    {
        var all = rows[^1];
        if (all.Leads == 0)
        {
            output.WriteLine("  no scored leads under these rules yet");
            return;
        }

        if (all.Opportunities == 0)
        {
            output.WriteLine(dealsWithoutPriorScore > 0
                ? $"  no deal opened after a score: the {N(dealsWithoutPriorScore)} lead(s) with a deal were first scored after it opened"
                : $"  no deals among the {N(all.Leads)} scored lead(s) ('rulescore import deals FILE')");
            return;
        }

        var max = rows.Where(r => r.Group != "all").Select(r => r.Conversion).DefaultIfEmpty(0).Max();
        Table(output, ["", "leads", "opps", "won", "lost", "win rate", "conversion", "lift", ""],
            rows.Select(r => new[]
            {
                r.Group, N(r.Leads), N(r.Opportunities), N(r.Won), N(r.Closed - r.Won), Percent(r.WinRate), Percent(r.Conversion),
                r.Lift is { } lift ? lift.ToString("0.00x", CultureInfo.InvariantCulture) : "-",
                r.Group == "all" || max == 0 ? "" : Bar(r.Conversion / max),
            }));
    }

    private static string Bar(double share) => new('█', (int)Math.Round(Math.Clamp(share, 0, 1) * BarWidth));

    private static double Share(long part, long whole) => whole == 0 ? 0 : part / (double)whole;

    private static void Table(TextWriter output, string[] header, IEnumerable<string[]> rows) => TextTable.Write(output, header, rows, freeTextLast: true);
}
