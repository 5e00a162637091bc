namespace RuleScoring.Cli.Tests;

/// <summary>What import and rescore print about dates: oddities named per file, and leads not yet created at the as-of.</summary>
public sealed class DatesCommandTests
{
    [Fact]
    public async Task Import_DealsWithAConflictAndOddDates_SummaryNamesThemWithLines_AndAgainChangesNothing()
    {
        using var dir = new TempFolder();
        var db = Path.Combine(dir.Path, "test.db");
        (await CliRun.RunAsync("import", "leads", dir.Write("leads.csv", "lead_id,created_at\nL1,2026-02-01\nL2,2026-02-01\n"), "--db", db)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("import", "deals", dir.Write("first.csv", "lead_id,opportunity_id,outcome,created_at\nL1,O1,won,2026-03-01\n"), "--db", db)).ExitCode.ShouldBe(0);
        var deals = dir.Write("deals.csv", """
            lead_id,opportunity_id,outcome,created_at,closed_at
            L2,O1,lost,2026-03-01,2026-04-01
            L2,O2,won,2026-01-15,2026-04-01
            L2,O3,won,2026-03-01,2026-02-01
            """);

        var (code, output, _) = await CliRun.RunAsync("import", "deals", deals, "--db", db);

        code.ShouldBe(1);
        output.ShouldContain($"{deals}: rejected 1 deal(s) whose opportunity_id is stored for another lead (a deal is never moved) (line 2)");
        output.ShouldContain($"{deals}: rejected 1 deal(s) closed before they were created (line 4)");
        output.ShouldContain($"{deals}: warning: 1 deal(s) created before their lead was created (line 3); stored");
        output.ShouldContain($"{deals}: read 3, inserted 1, updated 0, duplicate 0, rejected 2");
        (await File.ReadAllTextAsync(deals + ".rejects.csv")).ShouldContain("opportunity_id \"\"O1\"\" belongs to lead \"\"L1\"\", not \"\"L2\"\"");

        var again = await CliRun.RunAsync("import", "deals", deals, "--db", db);

        again.Output.ShouldContain("read 3, inserted 0, updated 0, duplicate 1, rejected 2");
    }

    [Fact]
    public async Task Rescore_AsOfBeforeSomeLeadsWereCreated_ScoresTheOthers_AndSaysHowManyWaited()
    {
        using var dir = new TempFolder();
        var db = Path.Combine(dir.Path, "test.db");
        var leads = dir.Write("leads.csv", "lead_id,email,created_at\nL1,a@acme.com,2026-01-01\nL2,b@acme.com,2026-06-01\nL3,c@acme.com,2026-07-01\n");
        (await CliRun.RunAsync("import", "leads", leads, "--db", db)).ExitCode.ShouldBe(0);

        var (code, output, _) = await CliRun.RunAsync("rescore", "--db", db, "--rules", Repo.Rules, "--as-of", "2026-03-01T00:00:00Z");

        code.ShouldBe(0);
        output.ShouldContain("scored 1 lead(s) as of 2026-03-01T00:00:00Z");
        output.ShouldContain("2 lead(s) not yet created at 2026-03-01T00:00:00Z: not scored (a card never predates its lead)");
    }
}
