using Dapper;
using Microsoft.Data.Sqlite;

namespace RuleScoring.Cli.Tests;

public sealed class PilotCommandTests
{
    private static async Task<string> DbWithLeads(TempFolder temp, int count)
    {
        var db = Path.Combine(temp.Path, "pilot.db");
        var csv = "lead_id,created_at\n" + string.Concat(Enumerable.Range(1, count).Select(i => $"L-{i:D4},2026-10-{1 + i % 28:D2}\n"));
        (await CliRun.RunAsync("import", "leads", temp.Write("leads.csv", csv), "--db", db)).ExitCode.ShouldBe(0);
        return db;
    }

    private static SqliteConnection Open(string db)
    {
        var connection = new SqliteConnection($"Data Source={db};Pooling=false");
        connection.Open();
        return connection;
    }

    [Fact]
    public async Task Pilot_AssignsOnceAndReportsTheSplit_RunAgainAddsNothing()
    {
        using var temp = new TempFolder();
        var db = await DbWithLeads(temp, 200);

        var (code, output, error) = await CliRun.RunAsync("pilot", "--db", db, "--share", "0.3", "--seed", "5");
        var again = await CliRun.RunAsync("pilot", "--db", db, "--share", "0.3", "--seed", "5");

        code.ShouldBe(0, error);
        using var c = Open(db);
        var pilot = c.ExecuteScalar<long>("SELECT COUNT(*) FROM pilot_assignments WHERE grp = 'pilot'");
        output.ShouldContain($"pilot: 200 new lead(s) assigned ({pilot} pilot, {200 - pilot} control)");
        again.ExitCode.ShouldBe(0);
        again.Output.ShouldContain("pilot: 0 new lead(s) assigned");
    }

    [Theory]
    [InlineData("--share", "1.5", "--share 1.5 must be between 0 and 1")]
    [InlineData("--share", "0", "must be between 0 and 1")]
    [InlineData("--from", "01/11/2026", "--from \"01/11/2026\" is not an ISO 8601 timestamp")]
    public async Task Pilot_BadArguments_ExitTwoSayingWhatIsWrong(string option, string value, string message)
    {
        using var temp = new TempFolder();
        var db = await DbWithLeads(temp, 5);
        string[] args = option == "--share" ? ["pilot", "--db", db, option, value] : ["pilot", "--db", db, "--share", "0.5", option, value];

        var (code, _, error) = await CliRun.RunAsync(args);

        code.ShouldBe(2);
        error.ShouldContain(message);
    }

    [Fact]
    public async Task Pilot_OtherShareThanTheStartedPilot_ExitsTwoAndChangesNothing()
    {
        using var temp = new TempFolder();
        var db = await DbWithLeads(temp, 50);
        (await CliRun.RunAsync("pilot", "--db", db, "--share", "0.5")).ExitCode.ShouldBe(0);

        var (code, _, error) = await CliRun.RunAsync("pilot", "--db", db, "--share", "0.6");

        code.ShouldBe(2);
        error.ShouldContain("the pilot was started on 2026-11-20T12:00:00Z with --share 0.5 --seed 1");
    }

    [Fact]
    public async Task ReportPilot_NoPilotYet_SaysHowToStartOne()
    {
        using var temp = new TempFolder();
        var db = await DbWithLeads(temp, 5);

        var (code, output, _) = await CliRun.RunAsync("report", "--pilot", "--db", db, "--rules", Repo.Rules);

        code.ShouldBe(0);
        output.ShouldContain("No pilot in this database");
    }

    [Fact]
    public async Task DemoWithPilot_ReportPilot_GroupCountsMatchTheDatabase()
    {
        using var temp = new TempFolder();
        var db = Path.Combine(temp.Path, "demo.db");
        var demo = await CliRun.RunAsync("demo", "--leads", "400", "--snapshot-days", "30", "--as-of", "2026-11-20T12:00:00Z",
            "--rules", Repo.Rules, "--db", db, "--data", Path.Combine(temp.Path, "data"), "--pilot", "0.5");
        demo.ExitCode.ShouldBe(0, demo.Error);
        demo.Output.ShouldContain("Pilot vs control (share 0.5, seed 42");

        var (code, output, error) = await CliRun.RunAsync("report", "--pilot", "--db", db, "--rules", Repo.Rules);

        code.ShouldBe(0, error);
        using var c = Open(db);
        var pilot = c.ExecuteScalar<long>("SELECT COUNT(*) FROM pilot_assignments WHERE grp = 'pilot'");
        var control = c.ExecuteScalar<long>("SELECT COUNT(*) FROM pilot_assignments WHERE grp = 'control'");
        (pilot + control).ShouldBe(400);
        output.ShouldContain($"  {pilot:N0} pilot lead(s) routed by score, {control:N0} control lead(s)");
        var salPilot = c.ExecuteScalar<long>("SELECT COUNT(DISTINCT x.lead_id) FROM dispositions x JOIN pilot_assignments a USING (lead_id) WHERE a.grp = 'pilot' AND x.status = 'accepted'");
        var salLine = output.Split('\n').Single(l => l.TrimStart().StartsWith("SAL rate", StringComparison.Ordinal));
        salLine.ShouldContain(string.Create(System.Globalization.CultureInfo.InvariantCulture, $" {salPilot / (double)pilot:0.0%} ("));
        output.ShouldContain("Cohorts by month of entry");
    }
}
