using RuleScoring.Core.Csv;
using RuleScoring.Core.Output;
using RuleScoring.Replay.Calibration;
using RuleScoring.Tests.Output;

namespace RuleScoring.Replay.Tests;

/// <summary>
/// Issue 17 item 7: lead ids and segments from a CRM export flow into every file replay writes;
/// a spreadsheet must not run them as formulas, and a pull-request comment must not render them as HTML.
/// </summary>
public sealed class WrittenFilesTests(CalibrationFixture data) : IClassFixture<CalibrationFixture>
{
    private const string Img = "<img src=x onerror=alert(1)>";
    private const string Hyperlink = "=HYPERLINK(\"http://x\")";
    private const string Sum = "@SUM(A1)";
    private const string Cmd = "+cmd|' /C calc'!A0";

    [Fact]
    public void Replay_HostileLeadIdsAndSegments_AreNeutralisedInLeadsCsvAndEscapedInReportMdAndHtml()
    {
        var folder = Path.Combine(data.Folder, "hostile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string[] ids = [Img, Hyperlink, Sum, "L-1"];
        File.WriteAllLines(Path.Combine(folder, "leads.csv"), ids.Select((id, i) => QuoteAll(id, $"vp{i}@acme-logistics.com", "300", "Software", "United States", "VP Sales"))
            .Prepend("lead_id,email,employees,industry,country,title"));
        File.WriteAllLines(Path.Combine(folder, "deals.csv"), ids.Select((id, i) => QuoteAll(id, i % 2 == 0 ? "won" : "lost", "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", i == 0 ? "<b>enterprise</b>" : Cmd))
            .Prepend("lead_id,outcome,created_at,closed_at,segment"));
        File.WriteAllLines(Path.Combine(folder, "signals.csv"), ids.Take(2).Select(id => QuoteAll(id, "pricing_view", "2026-09-28T00:00:00Z")).Prepend("lead_id,type,occurred_at"));
        var @base = data.RulesCopy("hostile-base");
        var head = data.RulesCopy("hostile-head", (file, node) =>
        {
            if (file == "intent.json")
            {
                ReplayFixture.SetPoints(node, "intent.pricing_single", 20);
            }
        });

        var (code, _, error, report, outDir) = data.Replay(@base, head, data: folder);

        code.ShouldBe(0, error);
        report.GetProperty("deals").GetInt32().ShouldBe(4, "every hostile id is a lead like any other");
        var rows = CsvRows.Read(Path.Combine(outDir, "leads.csv"));
        CsvRows.Column(rows, "lead_id").ShouldBe(["'" + Sum, "'" + Hyperlink, Img, "L-1"], ignoreOrder: true);
        CsvRows.Column(rows, "segment").ShouldContain("'" + Cmd);
        rows.SelectMany(r => r).Where(CsvWriter.IsFormulaLike).ShouldBeEmpty("no cell a spreadsheet would run");
        CsvRows.Column(rows, "head_composite").Where(c => !decimal.TryParse(c, System.Globalization.CultureInfo.InvariantCulture, out var _)).ShouldBeEmpty("scores stay numbers");

        var md = File.ReadAllText(Path.Combine(outDir, "report.md"));
        md.ShouldNotContain("<img");
        md.ShouldNotContain("<b>");
        md.ShouldContain("| &lt;img src=x onerror=alert(1)&gt; | won |", customMessage: "the lead id is one cell of the biggest movers table");
        md.ShouldContain("| +cmd\\|' /C calc'!A0 | 3 |", customMessage: "a | in a segment does not split its row");

        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        html.ShouldNotContain("<img");
        html.ShouldNotContain("<b>enterprise");
        html.ShouldContain("&lt;img src=x onerror=alert(1)&gt;");
        html.ShouldNotContain("&amp;lt;", customMessage: "the markdown's escapes are undone before HTML-encoding, not encoded twice");
    }

    [Fact]
    public void Calibrate_HostileRejectionReasons_AreEscapedInCalibrationMd()
    {
        var folder = Path.Combine(data.Folder, "hostile-cal-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(data.DataDirectory, "*.csv"))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var dispositions = CsvRows.Read(Path.Combine(folder, "dispositions.csv"));
        var reason = Array.IndexOf(dispositions[0], "reason");
        File.WriteAllLines(Path.Combine(folder, "dispositions.csv"), dispositions.Select((row, i) =>
            QuoteAll([.. row.Select((cell, c) => i > 0 && c == reason && cell.Length > 0 ? Img + " | " + Hyperlink : cell)])));
        var outDir = Path.Combine(data.Folder, "cal-" + Guid.NewGuid().ToString("N"));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = CalibrateCommand.Run(new CalibrateSettings(data.RulesCopy("hostile-cal"), null, folder, MinFired: 20, OutDir: outDir), FixedClock.Create(), output, error);

        code.ShouldBe(0, error.ToString());
        var md = File.ReadAllText(Path.Combine(outDir, "calibration.md"));
        md.ShouldNotContain("<img");
        md.ShouldContain("&lt;img src=x onerror=alert(1)&gt; \\| =HYPERLINK(\"http://x\")", customMessage: "the rejection reason, escaped, in the dispositions table");
    }

    private static string QuoteAll(params string[] fields) => string.Join(',', fields.Select(f => "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
}
