namespace RuleScoring.Cli.Tests;

/// <summary>
/// Every report and explain on databases the contract allows but the demo never makes: each
/// table empty or sparse. A section with no rows says so in one line; nothing throws.
/// </summary>
public sealed class SparseDataCommandTests
{
    public static TheoryData<string> Kinds() =>
    [
        SparseDatabase.Full, SparseDatabase.NoDeals, SparseDatabase.NoLostDeals, SparseDatabase.NoDispositions, SparseDatabase.NoSlaTasks,
        SparseDatabase.NoSignals, SparseDatabase.OneLead, SparseDatabase.NoScores, SparseDatabase.NoScoreBeforeDeal, SparseDatabase.Empty,
    ];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Report_SparseDatabase_ExitsZeroAndSaysWhichSectionsHaveNoRows(string kind)
    {
        using var dir = new TempDir();
        var db = await SparseDatabase.BuildAsync(dir, kind);

        var (code, output, error) = await CliRun.RunAsync("report", "--rules", CliRun.Rules, "--db", db);

        error.ShouldBeEmpty();
        code.ShouldBe(0);
        output.ShouldContain("Report under rules");
        var noScores = kind is SparseDatabase.NoScores or SparseDatabase.Empty;
        Line(output, noScores, $"  no scores under these rules yet ({(kind == SparseDatabase.Empty ? 0 : 4)} lead(s) stored): run 'rulescore rescore'");
        Count(output, "  no scored leads under these rules yet").ShouldBe(noScores ? 3 : 0, "conversion by tier, by band, fit x intent");
        Count(output, "  no deals among the ").ShouldBe(kind is SparseDatabase.NoDeals ? 2 : 0);
        Count(output, "  no deal opened after a score: the 3 lead(s) with a deal were first scored after it opened").ShouldBe(kind == SparseDatabase.NoScoreBeforeDeal ? 2 : 0);
        Line(output, kind is SparseDatabase.NoDispositions or SparseDatabase.Empty, "  no dispositions imported ('rulescore import dispositions FILE')");
        Line(output, kind is SparseDatabase.NoSlaTasks or SparseDatabase.NoSignals or SparseDatabase.NoScores or SparseDatabase.Empty, "  no SLA tasks yet");
        var auc = kind switch
        {
            SparseDatabase.NoLostDeals or SparseDatabase.OneLead => "AUC won vs lost: - (no lost deals); share of wins held by the top 15 %",
            SparseDatabase.NoDeals or SparseDatabase.NoScores or SparseDatabase.NoScoreBeforeDeal or SparseDatabase.Empty =>
                "AUC won vs lost: - (no closed deals); share of wins held by the - (no won deals)",
            _ => "AUC won vs lost: 1.000; share of wins held by the top 15 %",
        };
        output.ShouldContain(auc);
    }

    private static int Count(string output, string line) => output.Split('\n').Count(l => l.StartsWith(line, StringComparison.Ordinal));

    private static void Line(string output, bool expected, string line) =>
        Count(output, line).ShouldBe(expected ? 1 : 0, line);

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ReportFunnel_SparseDatabase_ExitsZero(string kind)
    {
        using var dir = new TempDir();
        var db = await SparseDatabase.BuildAsync(dir, kind);

        var (code, output, error) = await CliRun.RunAsync("report", "--funnel", "--rules", CliRun.Rules, "--db", db);

        error.ShouldBeEmpty();
        code.ShouldBe(0);
        output.ShouldContain("Lifecycle funnel");
        Line(output, kind is SparseDatabase.Empty or SparseDatabase.NoScores, "  no stage transitions stored yet: run 'rulescore rescore'");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ReportPilot_SparseDatabase_ExitsZero(string kind)
    {
        using var dir = new TempDir();
        var db = await SparseDatabase.BuildAsync(dir, kind);

        var (code, output, error) = await CliRun.RunAsync("report", "--pilot", "--db", db);

        error.ShouldBeEmpty();
        code.ShouldBe(0);
        output.ShouldContain("Pilot vs control");
        Line(output, kind is SparseDatabase.Empty, "  no leads assigned yet: run 'rulescore pilot' after an import");
        Count(output, "  SAL rate").ShouldBe(kind is SparseDatabase.Empty ? 0 : 1);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Explain_SparseDatabase_FirstLead(string kind)
    {
        using var dir = new TempDir();
        var db = await SparseDatabase.BuildAsync(dir, kind);

        var (code, output, error) = await CliRun.RunAsync("explain", "L-1", "--db", db);

        if (kind == SparseDatabase.Empty)
        {
            code.ShouldBe(2);
            error.ShouldContain("no lead \"L-1\"");
            return;
        }

        error.ShouldBeEmpty();
        code.ShouldBe(0);
        if (kind == SparseDatabase.NoScores)
        {
            output.ShouldStartWith("L-1  not scored yet: run 'rulescore rescore");
            Line(output, true, "  lifecycle: no stage yet ('rulescore rescore' derives them)");
        }
        else
        {
            output.ShouldStartWith("L-1  tier ");
            Line(output, true, "  lifecycle: ");
        }

        if (kind == SparseDatabase.NoDeals)
        {
            Line(output, true, "  deals: none");
            Line(output, true, "  outcome: no deal yet");
        }
        else
        {
            Line(output, true, kind == SparseDatabase.NoScoreBeforeDeal
                ? "  deals: O-1 created 2026-09-12, closed 2026-10-20, won"
                : "  deals: O-1 created 2026-10-05, closed 2026-10-20, won");
            Line(output, true, "  outcome: won");
        }
    }
}
