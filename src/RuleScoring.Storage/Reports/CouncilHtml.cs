using System.Globalization;
using System.Text;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Outcomes;
using RuleScoring.Core.Output;
using RuleScoring.Storage.Lifecycle;
using static RuleScoring.Core.Output.ReportNumbers;

namespace RuleScoring.Storage.Reports;

/// <summary>
/// The council report as one self-contained page: inline CSS and SVG, no script, nothing fetched,
/// so it opens offline from a file or an e-mail. Every chart has its numbers in a table beside it
/// (the table is the record; the chart is for the eye), every value from data or rules is
/// HTML-encoded, and a section with nothing to show says so in words. It renders only: the
/// numbers are <see cref="CouncilReportBuilder"/>'s, formatted as `rulescore report` prints them.
/// </summary>
public static class CouncilHtml
{
    private const string Blue = HtmlPage.Blue;
    private const string Grey = "#8c8c8c";
    private const string Green = "#2da44e";
    private const string Red = "#cf222e";

    private static readonly (string Id, string Title)[] Sections =
    [
        ("tiers", "Tiers now"),
        ("conversion", "Conversion and win rate"),
        ("acceptance", "Sales acceptance"),
        ("sla", "SLA compliance"),
        ("funnel", "Funnel by month cohort"),
        ("drift", "Drift"),
    ];

    public static string Write(CouncilReport report) => HtmlPage.Document(Title(report), Body(report));

    /// <summary>The page's title: the report and its rules version.</summary>
    public static string Title(CouncilReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return $"Scoring council report: {report.Rules.Name} {report.Rules.Version}";
    }

    /// <summary>The report without its page frame (heading, contents, sections): the worker's console serves it inside its own.</summary>
    public static string Body(CouncilReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.AppendLine($"<header><h1>{E(Title(report))}</h1>");
        html.AppendLine($"<p>Rules {E(report.Rules.Name)} {E(report.Rules.Version)} ({E(report.Rules.ShortHash)}); generated {E(report.GeneratedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))}; "
            + $"this month {E(report.ThisMonth)} (to date), last month {E(report.LastMonth)}. Figures over fewer than {CouncilReport.SmallSample} items are marked <span class=\"flag\">small sample</span>.</p></header>");
        html.AppendLine("<nav aria-label=\"Contents\"><h2 id=\"contents\">Contents</h2><ol>");
        foreach (var (id, name) in Sections)
        {
            html.AppendLine($"<li><a href=\"#{id}\">{name}</a></li>");
        }

        html.AppendLine("</ol></nav><main>");
        Tiers(html, report.Score);
        Conversion(html, report.Score);
        Acceptance(html, report.Score);
        Sla(html, report.Sla);
        Deliveries(html, report.Deliveries);
        Funnel(html, report.Funnel);
        Drift(html, report);
        html.AppendLine("</main>");
        return html.ToString();
    }

    private static void Tiers(StringBuilder html, ScoreReport r)
    {
        Section(html, "tiers", "Tiers now");
        if (r.ScoredLeads == 0)
        {
            Empty(html, $"No scores under these rules yet ({N(r.UnscoredLeads)} lead(s) stored): run 'rulescore rescore'.");
            return;
        }

        var tiers = r.CurrentTiers;
        Pair(html,
            Chart("Leads per tier now", tiers.Select(t => t.Tier), [new ChartSeries("leads", Blue, tiers.Select(t => (double?)t.Leads).ToList())], v => N((long)v)),
            Table("Leads per tier now", ["tier", "leads", "share", "MQL", "SQL"],
                tiers.Select(t => Row(t.Tier, N(t.Leads), Percent(Share(t.Leads, r.ScoredLeads)), N(t.Mql), N(t.Sql)))));
        if (r.UnscoredLeads > 0)
        {
            Note(html, $"{N(r.UnscoredLeads)} lead(s) have no score under these rules yet: run 'rulescore rescore'.");
        }
    }

    private static void Conversion(StringBuilder html, ScoreReport r)
    {
        Section(html, "conversion", "Conversion and win rate");
        Note(html, "Each lead is judged on its best score before its opportunity opened. Conversion is won / leads; win rate is won / closed; lift is a group's conversion over all leads'.");
        html.AppendLine("<h3 id=\"conversion-tier\">By tier</h3>");
        ConversionTable(html, "Conversion by tier", r.ConversionByTier, r.DealsWithoutPriorScore);
        html.AppendLine($"<h3 id=\"conversion-band\">By composite band</h3>");
        if (r.BandsNote is { } note)
        {
            Note(html, $"Bands: {note}.");
        }

        ConversionTable(html, "Conversion by composite band", r.ConversionByBand, r.DealsWithoutPriorScore);
        html.AppendLine("<h3 id=\"ranking\">Ranking</h3>");
        var all = r.ConversionByTier[^1];
        var lost = all.Closed - all.Won;
        var auc = r.Auc is { } a ? a.ToString("0.000", CultureInfo.InvariantCulture)
            : all.Won == 0 && lost == 0 ? "- (no closed deals)" : all.Won == 0 ? "- (no won deals)" : "- (no lost deals)";
        html.AppendLine(Table("Ranking: AUC and share of wins in the top leads", ["measure", "value", "note"],
            [
                Row("AUC won vs lost", auc, Small(all.Closed, "closed deals")),
                .. r.WinsInTop.Select(t => Row($"share of wins held by the top {t.Top.ToString("P0", CultureInfo.InvariantCulture)}", all.Won == 0 ? "- (no won deals)" : Percent(t.ShareOfWins), Small(all.Won, "won deals"))),
            ]));
        if (r.LargestTie is { } tie)
        {
            Note(html, $"{Percent(Share(tie.Leads, all.Leads))} of scored leads ({N(tie.Leads)}) share one score ({tie.Score.ToString("0.##", CultureInfo.InvariantCulture)}): ranked figures treat them as tied.");
        }

        if (r.DealsWithoutPriorScore > 0)
        {
            Note(html, $"{N(r.DealsWithoutPriorScore)} lead(s) with a deal are left out of conversion: {N(r.DealsWithoutPriorScore - r.DealsNeverScored)} first scored after the deal opened, {N(r.DealsNeverScored)} never scored under these rules.");
        }
    }

    private static void ConversionTable(StringBuilder html, string title, IReadOnlyList<ConversionRow> rows, long dealsWithoutPriorScore)
    {
        var all = rows[^1];
        if (all.Leads == 0)
        {
            Empty(html, "No scored leads under these rules yet.");
            return;
        }

        if (all.Opportunities == 0)
        {
            Empty(html, dealsWithoutPriorScore > 0
                ? $"No deal opened after a score: the {N(dealsWithoutPriorScore)} lead(s) with a deal were first scored after it opened."
                : $"No deals among the {N(all.Leads)} scored lead(s) ('rulescore import deals FILE').");
            return;
        }

        var groups = rows.Where(g => g.Group != "all").ToList();
        Pair(html,
            Chart($"{title}: conversion and win rate", groups.Select(g => g.Group),
                [new ChartSeries("conversion", Blue, groups.Select(g => (double?)g.Conversion).ToList()), new ChartSeries("win rate", Green, groups.Select(g => g.WinRate).ToList())],
                v => Percent(v)),
            Table(title, ["group", "leads", "opps", "won", "lost", "win rate", "conversion", "lift", "note"],
                rows.Select(g => Row(g.Group, N(g.Leads), N(g.Opportunities), N(g.Won), N(g.Closed - g.Won), Percent(g.WinRate), Percent(g.Conversion),
                    g.Lift is { } lift ? lift.ToString("0.00x", CultureInfo.InvariantCulture) : "-", Small(g.Leads, "leads")))));
    }

    private static void Acceptance(StringBuilder html, ScoreReport r)
    {
        Section(html, "acceptance", "Sales acceptance");
        Note(html, "The tier a lead had when sales judged it; false positives are the share sales rejected.");
        if (r.Dispositions.Count == 0)
        {
            Empty(html, "No dispositions recorded ('rulescore import dispositions FILE').");
            return;
        }

        var rows = r.Dispositions;
        Pair(html,
            Chart("Acceptance and false positives by tier", rows.Select(d => d.Tier),
                [new ChartSeries("accepted", Green, rows.Select(d => d.AcceptanceRate).ToList()), new ChartSeries("false positives", Red, rows.Select(d => d.FalsePositiveRate).ToList())],
                v => Percent(v)),
            Table("Sales acceptance by tier", ["tier", "accepted", "rejected", "acceptance", "false positives", "top rejection reasons", "note"],
                rows.Select(d => Row(d.Tier, N(d.Accepted), N(d.Rejected), Percent(d.AcceptanceRate), Percent(d.FalsePositiveRate),
                    d.TopRejectionReasons.Count == 0 ? "-" : string.Join("; ", d.TopRejectionReasons.Select(x => $"{x.Reason} ({N(x.Count)})")), Small(d.Total, "dispositions"))),
                textColumns: [5]));
    }

    private static void Sla(StringBuilder html, IReadOnlyList<SlaBreakdown> breakdowns)
    {
        Section(html, "sla", "SLA compliance");
        Note(html, "A task per tier entry with an SLA; a disposition or 'worked' closes it. Compliance is worked in time over tasks no longer open.");
        foreach (var b in breakdowns)
        {
            html.AppendLine($"<h3 id=\"sla-{E(b.Dimension)}\">By {E(b.Dimension)}</h3>");
            if (b.Rows.Count == 0)
            {
                Empty(html, "No SLA tasks yet.");
                continue;
            }

            Pair(html,
                Chart($"SLA compliance by {b.Dimension}", b.Rows.Select(s => s.Tier), [new ChartSeries("compliance", Green, b.Rows.Select(s => s.Compliance).ToList())], v => Percent(v)),
                Table($"SLA compliance by {b.Dimension}", [b.Dimension, "tasks", "in time", "late", "breached", "open", "compliance", "note"],
                    b.Rows.Select(s => Row(s.Tier, N(s.Tasks), N(s.WorkedInTime), N(s.WorkedLate), N(s.Breached), N(s.OpenInTime), Percent(s.Compliance), Small(s.Tasks - s.OpenInTime, "closed tasks")))));
        }
    }

    /// <summary>In the SLA section: whether the events reached the systems that act on them.</summary>
    private static void Deliveries(StringBuilder html, Webhooks.DeliveryCounts? counts)
    {
        if (counts is null)
        {
            return;
        }

        html.AppendLine("<h3 id=\"sla-webhooks\">Webhook deliveries</h3>");
        if (counts.ByEvent.Count == 0)
        {
            Empty(html, "No webhook deliveries in the period.");
            return;
        }

        html.AppendLine(Table($"Webhook deliveries {Timestamps.Format(counts.From)} to {Timestamps.Format(counts.To)}, by event",
            ["event", "delivered", "retrying", "queued", "dead letter", "total"],
            counts.ByEvent.Append(counts.All).Select(r => Row(r.EventType, N(r.Delivered), N(r.Retrying), N(r.Queued), N(r.DeadLetter), N(r.Total)))));
    }

    private static void Funnel(StringBuilder html, FunnelReport f)
    {
        Section(html, "funnel", "Funnel by month cohort");
        if (f.Transitions == 0)
        {
            Empty(html, "No stage transitions stored yet: run 'rulescore rescore'.");
            return;
        }

        var stages = LifecycleStage.Funnel;
        Pair(html,
            Chart("Leads that reached each stage", stages, [new ChartSeries("leads", Blue, f.Stages.Select(s => (double?)s.Reached).ToList())], v => N((long)v)),
            Table("Lifecycle funnel (a lead that skipped a stage counts as having passed it)", ["stage", "reached", "to next", "median days in stage", "moved on"],
                f.Stages.Select(s => Row(s.Stage, N(s.Reached), Percent(s.ConversionToNext),
                    s.MedianDaysInStage is { } d ? d.ToString("0.0", CultureInfo.InvariantCulture) : "-", N(s.MovedOn)))));
        Note(html, $"Lost: {N(f.Lost)}; recycled leads: {N(f.RecycledLeads)}, of which {N(f.RecycledCameBack)} reached MQL or later again.");
        var cohorts = f.ByCohort;
        Pair(html,
            Chart("Inquiry to won by month of arrival", cohorts.Select(c => c.Name),
                [new ChartSeries("inquiry->won", Green, cohorts.Select(c => c.Reached[0] == 0 ? null : (double?)(c.Reached[^1] / (double)c.Reached[0])).ToList())], v => Percent(v)),
            Table("Funnel by month of arrival (leads that reached each stage)", ["cohort", .. stages, "inquiry->won", "note"],
                cohorts.Select(c => Row([c.Name, .. c.Reached.Select(r => N(r)), Percent(c.Reached[0] == 0 ? null : c.Reached[^1] / (double)c.Reached[0]), Small(c.Reached[0], "leads")]))));
    }

    private static void Drift(StringBuilder html, CouncilReport report)
    {
        var d = report.Drift;
        Section(html, "drift", "Drift");
        html.AppendLine("<h3 id=\"drift-cohorts\">AUC and top-tier lift by monthly cohort</h3>");
        Note(html, "Leads by month of arrival, each judged on its best score before its opportunity opened; AUC counts a tie as half.");
        if (d.Cohorts.All(c => c.Won + c.Lost == 0))
        {
            Empty(html, d.Cohorts.Count == 0 ? "No scored leads under these rules yet." : "No closed deals in any cohort: no AUC or lift to show.");
        }
        else
        {
            Pair(html,
                Chart("AUC by monthly cohort", d.Cohorts.Select(c => c.Month), [new ChartSeries("AUC", Blue, d.Cohorts.Select(c => c.Auc).ToList())], v => v.ToString("0.000", CultureInfo.InvariantCulture)),
                Table("AUC and top-tier lift by monthly cohort", ["cohort", "leads", "won", "lost", "AUC", $"tier {d.Cohorts[0].TopTier ?? "-"} leads", "top-tier lift", "note"],
                    d.Cohorts.Select(c => Row(c.Month, N(c.Leads), N(c.Won), N(c.Lost), c.Auc is { } a ? a.ToString("0.000", CultureInfo.InvariantCulture) : "-",
                        N(c.TopTierLeads), c.TopTierLift is { } l ? l.ToString("0.00x", CultureInfo.InvariantCulture) : "-", c.SmallSample ? $"small sample ({N(c.Won + c.Lost)} closed deals)" : ""))));
        }

        html.AppendLine($"<h3 id=\"drift-distribution\">Score distribution, {E(report.LastMonth)} vs {E(report.ThisMonth)}</h3>");
        Note(html, "Each lead's latest score at the end of last month and now, whatever rules gave it; shares of the leads scored then.");
        if (d.LastMonthScored == 0 && d.ThisMonthScored == 0)
        {
            Empty(html, "No scores stored.");
        }
        else
        {
            Pair(html,
                Chart("Score distribution, last month vs this month (share of scored leads per 10-point band)", d.Distribution.Select(b => b.Band),
                    [new ChartSeries($"end of {report.LastMonth}", Grey, d.Distribution.Select(b => Share(b.LastMonth, d.LastMonthScored)).ToList()),
                     new ChartSeries($"{report.ThisMonth} now", Blue, d.Distribution.Select(b => Share(b.ThisMonth, d.ThisMonthScored)).ToList())],
                    v => Percent(v)),
                Table("Scored leads per composite band", ["band", $"end of {report.LastMonth}", "share", $"{report.ThisMonth} now", "share"],
                    [.. d.Distribution.Select(b => Row(b.Band, N(b.LastMonth), Percent(Share(b.LastMonth, d.LastMonthScored)), N(b.ThisMonth), Percent(Share(b.ThisMonth, d.ThisMonthScored)))),
                     Row("all", N(d.LastMonthScored), "", N(d.ThisMonthScored), "")]));
            if (CouncilReport.IsSmall(d.LastMonthScored) || CouncilReport.IsSmall(d.ThisMonthScored))
            {
                Note(html, $"Small sample: {N(d.LastMonthScored)} lead(s) scored at the end of last month, {N(d.ThisMonthScored)} now.", "flag");
            }
        }

        html.AppendLine("<h3 id=\"drift-rules\">Rules whose fire rate moved most</h3>");
        Note(html, "The share of scored leads whose card the rule is on, at the end of last month and now (points of share).");
        if (d.Rules.Count == 0)
        {
            Empty(html, "No rule fired on any scored lead.");
        }
        else
        {
            Pair(html,
                Chart("Change in fire rate, this month vs last (points of share)", d.Rules.Select(m => m.Rule), [new ChartSeries("change", Blue, d.Rules.Select(m => m.Change).ToList())], v => Points(v)),
                Table("Rules whose fire rate moved most", ["rule", $"end of {report.LastMonth}", "rate", $"{report.ThisMonth} now", "rate", "change"],
                    d.Rules.Select(m => Row(m.Rule, N(m.LastMonthLeads), Percent(m.LastMonthRate), N(m.ThisMonthLeads), Percent(m.ThisMonthRate), m.Change is { } c ? Points(c) : "-"))));
        }

        html.AppendLine("<h3 id=\"drift-signals\">Signals whose volume moved most</h3>");
        var days = $"{report.LastMonth}: {d.LastMonthDays.ToString("0", CultureInfo.InvariantCulture)} days; {report.ThisMonth} to date: {d.ThisMonthDays.ToString("0.0", CultureInfo.InvariantCulture)} days";
        Note(html, $"Signals by the month they happened in; the change compares volume per day, so a month to date is not read as a drop ({days}).");
        if (d.Signals.Count == 0)
        {
            Empty(html, "No signals last month or this month.");
        }
        else
        {
            Pair(html,
                Chart("Signals per day by type, last month vs this month", d.Signals.Select(s => s.Type),
                    [new ChartSeries(report.LastMonth, Grey, d.Signals.Select(s => (double?)(s.LastMonth / d.LastMonthDays)).ToList()),
                     new ChartSeries(report.ThisMonth, Blue, d.Signals.Select(s => d.ThisMonthDays <= 0 ? null : (double?)(s.ThisMonth / d.ThisMonthDays)).ToList())],
                    v => v.ToString("0.0", CultureInfo.InvariantCulture) + " a day"),
                Table("Signals whose volume moved most", ["signal type", report.LastMonth, $"{report.ThisMonth} to date", "change per day", "note"],
                    d.Signals.Select(s => Row(s.Type, N(s.LastMonth), N(s.ThisMonth), s.ChangePerDay is { } c ? c.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture) : s.LastMonth == 0 ? "new" : "-",
                        Small(s.LastMonth + s.ThisMonth, "signals")))));
        }

        html.AppendLine("<h3 id=\"drift-versions\">Rule versions that went live</h3>");
        if (d.Versions.Count == 0)
        {
            Empty(html, $"No rule version went live since the start of {report.LastMonth}.");
        }
        else
        {
            html.AppendLine(Table($"Rule versions live since the start of {report.LastMonth}", ["version", "live at", "how we know", "changes", "changelog"],
                d.Versions.Select(v => Row(v.Version, v.LiveAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), v.Source,
                    v.Changes.Count == 0 ? "-" : string.Join("\n", v.Changes), v.Changelog.Count == 0 ? "no changelog entry" : string.Join("\n", v.Changelog))),
                textColumns: [2, 3, 4]));
        }
    }

    private static void Section(StringBuilder html, string id, string title) =>
        html.AppendLine($"<h2 id=\"{id}\">{E(title)} <a href=\"#contents\" aria-label=\"back to contents\" class=\"note\">&#8593;</a></h2>");

    private static void Empty(StringBuilder html, string sentence) => html.AppendLine($"<p class=\"empty\">{E(sentence)}</p>");

    private static void Note(StringBuilder html, string sentence, string @class = "note") => html.AppendLine($"<p class=\"{@class}\">{E(sentence)}</p>");

    private static void Pair(StringBuilder html, string chart, string table) =>
        html.AppendLine($"<div class=\"pair\">{chart}{table}</div>");

    private static string Chart(string title, IEnumerable<string> categories, IReadOnlyList<ChartSeries> series, Func<double, string> format) =>
        $"<figure>{SvgBarChart.Draw(title, categories.ToList(), series, format)}<figcaption>{E(title)}; the numbers are in the table.</figcaption></figure>";

    private static string[] Row(params string[] cells) => cells;

    private static string Table(string caption, IReadOnlyList<string> headers, IEnumerable<string[]> rows, int[]? textColumns = null) =>
        HtmlTable.Write(caption, headers, rows, textColumns);

    private static string Small(long count, string what) => CouncilReport.IsSmall(count) ? $"small sample ({N(count)} {what})" : "";

    private static string E(string text) => HtmlText.Encode(text);

    private static double? Share(long part, long whole) => whole == 0 ? null : part / (double)whole;

    private static string Points(double value) => (value * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " pts";
}
