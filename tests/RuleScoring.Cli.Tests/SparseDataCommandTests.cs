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
        using var dir = new TempFolder();
        var db = await SparseDatabase.BuildAsync(dir, kind);

        var (code, output, error) = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", db);

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

    [Fact]
    public async Task Rescore_EmptyDatabase_SaysEveryTierListIsEmpty()
    {
        using var dir = new TempFolder();
        var db = await SparseDatabase.BuildAsync(dir, SparseDatabase.Empty);

        var (code, output, error) = await CliRun.RunAsync("rescore", "--db", db, "--rules", Repo.Rules, "--as-of", "2026-09-15T12:00:00Z");

        code.ShouldBe(0, error);
        Line(output, true, "tiers now: none (no card stored)");
        output.ShouldContain("account tiers now: none (no card stored)");
        Line(output, true, "lifecycle: 0 new stage transition(s) for 0 lead(s), 0 recycle(s)");
    }

    [Fact]
    public async Task Report_ScoresBelowEveryFixedBandEdge_BandsFollowTheScores()
    {
        using var dir = new TempFolder();
        var db = await SparseDatabase.BuildAsync(dir, SparseDatabase.NoSignals);

        var (code, output, error) = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", db);

        code.ShouldBe(0, error);
        var table = output.Split('\n').SkipWhile(l => !l.StartsWith("Conversion by composite band", StringComparison.Ordinal)).ToList();
        table[0].ShouldBe("Conversion by composite band (quantile bands: every score fell in one of the bands at 50, 60, 70, 80, 90)");
        var rows = table.Skip(2).TakeWhile(l => !l.StartsWith("  all ", StringComparison.Ordinal)).ToList();
        rows.Count.ShouldBeGreaterThan(1, string.Join('\n', table.Take(8)));
    }

    [Fact]
    public async Task Report_EveryLeadTheSameScore_SaysSoAndRankedFiguresTreatThemAsTied()
    {
        using var dir = new TempFolder();
        var db = Path.Combine(dir.Path, "ties.db");
        var leads = string.Concat(Enumerable.Range(0, 20).Select(i => $"T-{i:00},Software,300,United States,2026-09-01T09:00:00Z\n"));
        var deals = string.Concat(Enumerable.Range(0, 20).Select(i => $"T-{i:00},{(i < 4 ? "won" : "lost")},2026-10-01T09:00:00Z,2026-10-20T09:00:00Z\n"));
        (await CliRun.RunAsync("import", "leads", dir.Write("leads.csv", "lead_id,industry,employees,country,created_at\n" + leads), "--db", db)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("import", "deals", dir.Write("deals.csv", "lead_id,outcome,created_at,closed_at\n" + deals), "--db", db)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("rescore", "--db", db, "--rules", Repo.Rules, "--as-of", "2026-09-15T12:00:00Z")).ExitCode.ShouldBe(0);

        var (code, output, error) = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", db);

        code.ShouldBe(0, error);
        output.ShouldContain("AUC won vs lost: 0.500; share of wins held by the top 15 %: 15.0%, top 25 %: 25.0%, top 35 %: 35.0%");
        output.ShouldContain("  100.0% of scored leads (20) share one score (");
        output.ShouldContain("): ranked figures treat them as tied");
    }

    [Fact]
    public async Task Report_LeadsLeftOutOfConversion_SaysWhyForEach()
    {
        using var dir = new TempFolder();
        var db = Path.Combine(dir.Path, "left-out.db");
        // S-1 and S-2 are scored before their deals open; L-1's deal opens before the only rescore
        // (a backfilled history); L-2 is created after it and never scored.
        var leads = "S-1,Software,300,United States,2026-09-01T09:00:00Z\nS-2,Software,300,United States,2026-09-01T09:00:00Z\n"
            + "L-1,Software,300,United States,2026-09-01T09:00:00Z\nL-2,Software,300,United States,2026-10-10T09:00:00Z\n";
        var deals = "S-1,won,2026-09-20T09:00:00Z,2026-10-20T09:00:00Z\nS-2,lost,2026-09-20T09:00:00Z,2026-10-20T09:00:00Z\n"
            + "L-1,won,2026-09-05T09:00:00Z,2026-10-01T09:00:00Z\nL-2,lost,2026-10-11T09:00:00Z,2026-10-20T09:00:00Z\n";
        (await CliRun.RunAsync("import", "leads", dir.Write("leads.csv", "lead_id,industry,employees,country,created_at\n" + leads), "--db", db)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("import", "deals", dir.Write("deals.csv", "lead_id,outcome,created_at,closed_at\n" + deals), "--db", db)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("rescore", "--db", db, "--rules", Repo.Rules, "--as-of", "2026-09-15T12:00:00Z")).ExitCode.ShouldBe(0);

        var (code, output, error) = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", db);

        code.ShouldBe(0, error);
        output.ShouldContain("  2 lead(s) with a deal are left out of conversion: 1 first scored after the deal opened (");
        output.ShouldContain("; 1 never scored under these rules (created after the last rescore, or scored under other rules only).");
    }

    private static int Count(string output, string line) => output.Split('\n').Count(l => l.StartsWith(line, StringComparison.Ordinal));

    private static void Line(string output, bool expected, string line) =>
        Count(output, line).ShouldBe(expected ? 1 : 0, line);

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ReportFunnel_SparseDatabase_ExitsZero(string kind)
    {
        using var dir = new TempFolder();
        var db = await SparseDatabase.BuildAsync(dir, kind);

        var (code, output, error) = await CliRun.RunAsync("report", "--funnel", "--rules", Repo.Rules, "--db", db);

        error.ShouldBeEmpty();
        code.ShouldBe(0);
        output.ShouldContain("Lifecycle funnel");
        Line(output, kind is SparseDatabase.Empty or SparseDatabase.NoScores, "  no stage transitions stored yet: run 'rulescore rescore'");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ReportPilot_SparseDatabase_ExitsZero(string kind)
    {
        using var dir = new TempFolder();
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
        using var dir = new TempFolder();
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
