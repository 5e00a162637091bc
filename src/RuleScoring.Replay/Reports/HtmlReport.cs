using System.Globalization;
using System.Text;
using RuleScoring.Core.Outcomes;
using RuleScoring.Core.Output;
using RuleScoring.Replay.Data;
using RuleScoring.Replay.Metrics;

namespace RuleScoring.Replay.Reports;

/// <summary>
/// report.html for people: the verdict, the comparison table, three charts drawn as inline SVG
/// (no scripts, no network: it opens from a CI artefact or an e-mail) and the full per-rule table.
/// </summary>
internal static class HtmlReport
{
    private const string BaseColour = "#8c8c8c";
    private const string HeadColour = "#1f6feb";
    private const string WonColour = "#2da44e";
    private const string LostColour = "#cf222e";

    public static string Write(ReplayReport r, IReadOnlyList<ReplayedCase> cases)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>RuleScoring replay</title><style>");
        html.AppendLine("body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#1f2328}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:right}th:first-child,td:first-child{text-align:left}figure{display:inline-block;margin:1em 2em 1em 0}figcaption{font-weight:600}.legend span{margin-right:1em}");
        html.AppendLine("</style></head><body>");
        html.AppendLine($"<h1>Replay: base {E(r.Base.RulesVersion)} vs head {E(r.Head.RulesVersion)}</h1>");
        html.AppendLine($"<p>{E(Verdict.Of(r).Replace("**", "", StringComparison.Ordinal))}</p>");
        if (r.Routing is { } routed && new[] { routed.MovesSentence }.Concat(routed.OverCapacity).OfType<string>().ToList() is { Count: > 0 } routingNotes)
        {
            html.AppendLine($"<p><b>Routing:</b> {E(string.Join("; ", routingNotes))}.</p>");
        }
        foreach (var failure in r.GateFailures)
        {
            html.AppendLine($"<p style=\"color:{LostColour}\"><b>Gate failed:</b> {E(failure)}</p>");
        }

        html.AppendLine($"<p>{Format.Count(r.Deals)} closed deals{(r.Level == ReplayLevel.Account ? " (one per account)" : "")} ({Format.Count(r.Won)} won, base rate {Format.Percent(r.BaseRate)}), {E(r.AsOf)}{(r.Period is null ? "" : ", " + E(r.Period))}; {E(MarkdownReport.LeftOut(r).Replace("**", "", StringComparison.Ordinal))}. Base: {E(r.Base.Source)} ({E(r.Base.RulesHash)}); head: {E(r.Head.Source)} ({E(r.Head.RulesHash)}).</p>");
        foreach (var note in new[] { r.HeadRuleTestFailures.Count > 0 ? $"Head fails its own rule tests (replayed anyway with --ignore-rule-tests): {string.Join("; ", r.HeadRuleTestFailures)}" : null, MarkdownReport.Ties(r)?.Replace("**", "", StringComparison.Ordinal) })
        {
            if (note is not null)
            {
                html.AppendLine($"<p>{E(note)}</p>");
            }
        }


        html.AppendLine("<figure><figcaption>Score distribution, won vs lost</figcaption>");
        html.AppendLine(Distribution(cases.Select(c => ((double)c.Base.Score, c.Case.Won)).ToList(), "base"));
        html.AppendLine(Distribution(cases.Select(c => ((double)c.Head.Score, c.Case.Won)).ToList(), "head"));
        html.AppendLine($"<div class=\"legend\"><span style=\"color:{WonColour}\">&#9632; won</span><span style=\"color:{LostColour}\">&#9632; lost</span> (share of each group per 10-point band)</div></figure>");
        html.AppendLine($"<figure><figcaption>Win rate by {r.ScoreName} band</figcaption>");
        html.AppendLine(BandBars(r)).AppendLine("</figure>");
        html.AppendLine("<figure><figcaption>Lift curve: wins captured by the top x % of deals</figcaption>");
        html.AppendLine(Gains(cases));
        html.AppendLine($"<div class=\"legend\"><span style=\"color:{BaseColour}\">&#9632; base</span><span style=\"color:{HeadColour}\">&#9632; head</span><span>- - no model</span></div></figure>");

        if (r.Routing is { Empty: null, Queues.Count: > 0 } routing)
        {
            html.AppendLine("<figure><figcaption>Routing load: each queue's busiest week against its capacity</figcaption>");
            html.AppendLine(RoutingBars(routing)).AppendLine("</figure>");
        }

        html.AppendLine("<h2>Summary</h2>");
        html.AppendLine(Markdig(MarkdownReport.Write(r)));
        html.AppendLine($"<h2>Every {(r.Level == ReplayLevel.Account ? "account " : "")}scoring rule</h2><table><tr><th>rule</th><th>dimension</th><th>points base / head</th><th>fired base</th><th>fired head</th><th>win rate fired</th><th>not fired</th><th>lift</th><th>phi</th><th>errors</th></tr>");
        foreach (var h in r.Head.Rules)
        {
            var b = r.Base.Rules.FirstOrDefault(x => x.Rule == h.Rule);
            html.AppendLine($"<tr><td>{E(h.Rule)}</td><td>{E(h.Dimension)}</td><td>{b?.Points.ToString("0.##", CultureInfo.InvariantCulture) ?? "-"} / {h.Points.ToString("0.##", CultureInfo.InvariantCulture)}</td><td>{Format.Percent(b?.FireRate)}</td><td>{Format.Percent(h.FireRate)}</td><td>{Format.Percent(h.WinRateFired)}</td><td>{Format.Percent(h.WinRateNotFired)}</td><td>{Format.Lift(h.Lift)}</td><td>{Format.Signed(h.Phi, "+0.00;-0.00;0")}</td><td>{h.Errors}</td></tr>");
        }

        html.AppendLine("</table></body></html>");
        return html.ToString();
    }

    private static string E(string text) => HtmlText.Encode(text);

    private static string N(double value) => HtmlText.Number(value);

    private static string Distribution(List<(double Score, bool Won)> deals, string label)
    {
        const int width = 300, height = 160, bins = 10;
        var won = new double[bins];
        var lost = new double[bins];
        foreach (var (score, w) in deals)
        {
            var bin = Math.Clamp((int)(score / 10), 0, bins - 1);
            (w ? won : lost)[bin]++;
        }

        var wonTotal = Math.Max(1, won.Sum());
        var lostTotal = Math.Max(1, lost.Sum());
        var max = Math.Max(won.Max() / wonTotal, lost.Max() / lostTotal);
        var svg = new StringBuilder($"<svg width=\"{width}\" height=\"{height + 30}\" role=\"img\" aria-label=\"{label} score distribution\"><title>{label} score distribution, won vs lost</title><text x=\"0\" y=\"12\" font-size=\"12\">{label}</text>");
        var barWidth = width / (bins * 2.0 + bins);
        for (var b = 0; b < bins; b++)
        {
            var x = b * barWidth * 3;
            var hw = won[b] / wonTotal / max * height;
            var hl = lost[b] / lostTotal / max * height;
            svg.Append($"<rect x=\"{N(x)}\" y=\"{N(height + 15 - hw)}\" width=\"{N(barWidth)}\" height=\"{N(hw)}\" fill=\"{WonColour}\"/>");
            svg.Append($"<rect x=\"{N(x + barWidth)}\" y=\"{N(height + 15 - hl)}\" width=\"{N(barWidth)}\" height=\"{N(hl)}\" fill=\"{LostColour}\"/>");
            svg.Append($"<text x=\"{N(x)}\" y=\"{height + 28}\" font-size=\"9\">{b * 10}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static string BandBars(ReplayReport r)
    {
        var bands = r.Base.ByBand.Where(b => b.Group != "all").ToList();
        double? Conversion(IEnumerable<Core.Outcomes.ConversionRow> rows, string group) => rows.FirstOrDefault(b => b.Group == group)?.Conversion;
        return SvgBarChart.Draw("win rate by band, base and head", bands.Select(b => b.Group).ToList(),
        [
            new ChartSeries("base", BaseColour, bands.Select(b => Conversion(r.Base.ByBand, b.Group)).ToList()),
            new ChartSeries("head", HeadColour, bands.Select(b => Conversion(r.Head.ByBand, b.Group)).ToList()),
        ], v => Format.Percent(v));
    }

    /// <summary>
    /// Each queue's busiest week under base and head as a share of that week's capacity (its
    /// version's teams.json): over 100 % the queue could not take them all. Leads and capacity in
    /// one chart would hide the leads under a desk's hundreds; a side without routing, or a week
    /// without capacity, draws no bar.
    /// </summary>
    private static string RoutingBars(Routing.RoutingLoadReport routing)
    {
        static double? Share(Routing.WeeklyLoad? w) => w is { PeakWeekCapacity: > 0 } ? w.Peak / (double)w.PeakWeekCapacity : null;
        var queues = routing.Queues;
        return SvgBarChart.Draw("busiest week's leads per queue as a share of its capacity, base and head", queues.Select(q => q.Queue).ToList(),
        [
            new ChartSeries("base", BaseColour, queues.Select(q => Share(q.Base)).ToList()),
            new ChartSeries("head", HeadColour, queues.Select(q => Share(q.Head)).ToList()),
        ], v => Format.Percent(v));
    }

    private static string Gains(IReadOnlyList<ReplayedCase> cases)
    {
        const int size = 200;
        // Tied scores have no order: the curve runs straight across a tied group (RankedShares).
        string Line(Func<ReplayedCase, decimal> score)
        {
            var points = new StringBuilder();
            var curve = RankedShares.LiftCurve(cases.Select(c => (score(c), c.Case.Won)).ToList());
            var drawn = -1.0;
            for (var i = 0; i < curve.Count; i++)
            {
                // At most about 200 points: one per half per cent of the deals, and the last.
                if (curve[i].Share - drawn >= 0.005 || i == curve.Count - 1)
                {
                    points.Append(points.Length == 0 ? "" : " ").Append(N(curve[i].Share * size)).Append(',').Append(N(size - curve[i].Captured * size));
                    drawn = curve[i].Share;
                }
            }

            return points.ToString();
        }

        return $"<svg width=\"{size + 10}\" height=\"{size + 10}\" role=\"img\" aria-label=\"lift curve\"><title>lift curve: wins captured by the top x % of deals</title>"
            + $"<rect x=\"0\" y=\"0\" width=\"{size}\" height=\"{size}\" fill=\"none\" stroke=\"#d0d7de\"/>"
            + $"<line x1=\"0\" y1=\"{size}\" x2=\"{size}\" y2=\"0\" stroke=\"#999\" stroke-dasharray=\"4\"/>"
            + $"<polyline fill=\"none\" stroke=\"{BaseColour}\" stroke-width=\"2\" points=\"{Line(c => c.Base.Score)}\"/>"
            + $"<polyline fill=\"none\" stroke=\"{HeadColour}\" stroke-width=\"2\" points=\"{Line(c => c.Head.Score)}\"/></svg>";
    }

    /// <summary>The markdown report's tables and paragraphs as HTML (the subset MarkdownReport writes).</summary>
    private static string Markdig(string markdown)
    {
        var html = new StringBuilder();
        var inTable = false;
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith('|'))
            {
                var cells = line.Trim('|').Split(" | ").Select(c => c.Trim()).ToArray();
                if (cells.All(c => c.TrimStart(' ', '-').TrimEnd(':', '-').Length == 0))
                {
                    continue;
                }

                html.Append(inTable ? "" : "<table>").Append("<tr>").Append(string.Concat(cells.Select(c => $"<td>{Inline(c)}</td>"))).AppendLine("</tr>");
                inTable = true;
                continue;
            }

            if (inTable)
            {
                html.AppendLine("</table>");
                inTable = false;
            }

            if (line.StartsWith("## ", StringComparison.Ordinal) || line.Length == 0)
            {
                continue;
            }

            html.AppendLine($"<p>{Inline(line)}</p>");
        }

        return html.Append(inTable ? "</table>" : "").ToString();
    }

    /// <summary>Our bold markers become &lt;b&gt;; everything else is shown as the markdown reader sees it (escapes undone), then HTML-encoded.</summary>
    private static string Inline(string text)
    {
        var parts = text.Split("**");
        var result = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            var part = E(MarkdownText.Plain(parts[i]));
            result.Append(i % 2 == 1 ? $"<b>{part}</b>" : part);
        }

        return result.ToString();
    }
}
