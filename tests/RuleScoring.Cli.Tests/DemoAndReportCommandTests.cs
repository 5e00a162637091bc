using Dapper;
using Microsoft.Data.Sqlite;

namespace RuleScoring.Cli.Tests;

public sealed class DemoAndReportCommandTests
{
    private static async Task<(int ExitCode, string Output, string Error)> Demo(TempFolder temp, params string[] extra) =>
        await CliRun.RunAsync([
            "demo", "--leads", "400", "--snapshot-days", "30", "--as-of", "2026-11-20T12:00:00Z",
            "--rules", Repo.Rules, "--db", Path.Combine(temp.Path, "demo.db"), "--data", Path.Combine(temp.Path, "data"), .. extra,
        ]);

    [Fact]
    public async Task Demo_FreshFolder_ImportsScoresAndPrintsTheReport()
    {
        using var temp = new TempFolder();

        var (code, output, error) = await Demo(temp);

        code.ShouldBe(0, error);
        output.ShouldContain("imported ");
        output.ShouldContain("0 rejected");
        output.ShouldContain("Conversion by tier");
        output.ShouldContain("Conversion by composite band");
        output.ShouldContain("AUC won vs lost: 0.");
        output.ShouldNotContain("Pilot vs control", customMessage: "the pilot is opt-in (--pilot)");
        File.Exists(Path.Combine(temp.Path, "data", "signals.csv")).ShouldBeTrue();
        using var db = Open(temp);
        db.ExecuteScalar<long>("SELECT COUNT(*) FROM scores_current").ShouldBe(400);

        // A team that works its leads: before the simulated team and the weekday-afternoon snapshots,
        // 1 % of tasks were worked in time and most routed leads sat held (nobody at work).
        output.ShouldContain("simulated sales team: ");
        var (inTime, tasks) = db.QuerySingle<(long, long)>("SELECT COUNT(*) FILTER (WHERE worked_at <= due_at), COUNT(*) FROM sla_tasks");
        tasks.ShouldBeGreaterThan(20);
        (inTime / (double)tasks).ShouldBeInRange(0.5, 0.95);
        var (held, routed) = db.QuerySingle<(long, long)>("SELECT COUNT(*) FILTER (WHERE status = 'held'), COUNT(*) FROM lead_routes");
        routed.ShouldBeGreaterThan(0);
        (held / (double)routed).ShouldBeLessThan(0.3);
    }

    [Fact]
    public async Task Demo_RunTwice_ReplacesItsOwnDatabase_ButRefusesAnotherOneWithoutForce()
    {
        using var temp = new TempFolder();
        (await Demo(temp)).ExitCode.ShouldBe(0);
        (await Demo(temp)).ExitCode.ShouldBe(0, "the demo may replace the database it made");
        using (var db = Open(temp))
        {
            db.ExecuteScalar<long>("SELECT COUNT(*) FROM leads").ShouldBe(400, "replaced, not appended to");
        }

        var foreign = Path.Combine(temp.Path, "crm.db");
        (await CliRun.RunAsync("import", "leads", temp.Write("leads.csv", "lead_id,email\nL-1,a@b.com\n"), "--db", foreign)).ExitCode.ShouldBe(0);

        var refused = await CliRun.RunAsync("demo", "--leads", "50", "--rules", Repo.Rules, "--db", foreign, "--data", Path.Combine(temp.Path, "d2"));

        refused.ExitCode.ShouldBe(2);
        refused.Error.ShouldContain("was not made by 'rulescore demo'");
        File.Exists(foreign).ShouldBeTrue();
    }

    [Fact]
    public async Task Report_TierTableAndConversion_MatchADirectCountOverTheStoredScores()
    {
        using var temp = new TempFolder();
        (await Demo(temp)).ExitCode.ShouldBe(0);

        var (code, output, error) = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", Path.Combine(temp.Path, "demo.db"));

        code.ShouldBe(0, error);
        using var db = Open(temp);
        foreach (var (tier, count) in db.Query<(string Tier, long Count)>("SELECT tier, COUNT(*) FROM scores_current GROUP BY tier"))
        {
            output.ShouldContain($"  {tier}  ", Case.Sensitive);
            output.Split('\n').ShouldContain(line => line.TrimStart().StartsWith(tier + " ", StringComparison.Ordinal) && line.Contains($" {count:N0} ", StringComparison.Ordinal),
                $"tier {tier} should show {count} leads");
        }

        var won = db.ExecuteScalar<long>("SELECT COUNT(DISTINCT lead_id) FROM deals WHERE outcome = 'won'");
        output.Split('\n').ShouldContain(line => line.TrimStart().StartsWith("all ", StringComparison.Ordinal) && line.Contains($" {won:N0} ", StringComparison.Ordinal),
            "the all row counts every won lead");
    }

    [Fact]
    public async Task Report_NoDatabase_ExitsTwoNamingTheFile()
    {
        using var temp = new TempFolder();

        var (code, _, error) = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", Path.Combine(temp.Path, "missing.db"));

        code.ShouldBe(2);
        error.ShouldContain("missing.db");
    }

    private static SqliteConnection Open(TempFolder temp)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(temp.Path, "demo.db")};Pooling=False");
        connection.Open();
        return connection;
    }
}
