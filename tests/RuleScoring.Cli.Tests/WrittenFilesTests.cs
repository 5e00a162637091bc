using RuleScoring.Core.Csv;
using RuleScoring.Tests.Output;

namespace RuleScoring.Cli.Tests;

/// <summary>
/// Issue 17 item 7: text from input flows into the files the CLI writes; a spreadsheet must not
/// run it as a formula, and a pull-request comment must not render it as HTML, a link or an image.
/// </summary>
public sealed class WrittenFilesTests
{
    [Fact]
    public async Task Import_RejectedRowsStartingLikeFormulas_ReadBackFromTheRejectsFileNeutralised()
    {
        using var dir = new TempFolder();
        var db = Path.Combine(dir.Path, "test.db");
        var leads = dir.Write("leads.csv", """
            lead_id,employees
            =HYPERLINK("http://x"),many
            @SUM(A1),many
            -2+3,many
            <img src=x onerror=alert(1)>,many

            """);

        var (code, _, error) = await CliRun.RunAsync("import", "leads", leads, "--db", db);

        code.ShouldBe(1, error);
        var rows = CsvRows.Read(leads + ".rejects.csv");
        rows[0].ShouldBe(["reject_reason", "lead_id", "employees"], "the whole row comes back, after the reason");
        var records = CsvRows.Column(rows, "lead_id");
        records.Count.ShouldBe(4);
        records[0].ShouldStartWith("'=HYPERLINK(");
        records[1].ShouldStartWith("'@SUM(A1)");
        records[2].ShouldStartWith("'-2+3");
        records[3].ShouldStartWith("<img src=x onerror=alert(1)>", customMessage: "HTML is no formula: the CSV keeps it as it came");
        rows.SelectMany(r => r).Where(CsvWriter.IsFormulaLike).ShouldBeEmpty("no cell a spreadsheet would run");
        CsvRows.Column(rows, "reject_reason").Select(r => r[..r.IndexOf(':', StringComparison.Ordinal)]).ShouldBe(["line 2", "line 3", "line 4", "line 5"]);
    }

    [Fact]
    public async Task DiffMarkdown_ChangelogTextWithHtmlLinksAndPipes_IsEscaped()
    {
        using var repo = new GitRulesRepo()
            .EditJson("intent.json", w => GitRulesRepo.Rule(w, "intent.competitor_comparison")["Properties"]!["points"] = 35)
            .Version("1.1.0")
            .ChangelogEntry("""
                ## 1.1.0 — 2026-11-23

                Competitor comparison views 25 -> 35 points.
                Approved-by: marketing (Dana Whitfield)
                Replay: ![t](http://x/p.png) <img src=x onerror=alert(1)> a|b
                """);
        repo.Commit("Comparison views 35");

        var (code, output, error) = await CliRun.RunAsync("diff", "--base", "main", "--rules", repo.Rules, "--format", "markdown");

        code.ShouldBe(0, error);
        output.ShouldNotContain("<img");
        output.ShouldNotContain("![t](");
        output.ShouldContain("**Replay** (from the changelog): !\\[t\\](http://x/p.png) &lt;img src=x onerror=alert(1)&gt; a\\|b");
    }
}
