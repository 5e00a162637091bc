using Dapper;
using Microsoft.Data.Sqlite;

namespace RuleScoring.Cli.Tests;

/// <summary>The demo routes, plays and escalates with the shipped team; explain and report show it.</summary>
public sealed class RoutingCommandTests
{
    [Fact]
    public async Task Demo_ShippedTeam_RoutesPlaysEscalatesAndReportsByQueueAndOwner()
    {
        using var temp = new TempFolder();
        var db = Path.Combine(temp.Path, "demo.db");
        var (code, output, error) = await CliRun.RunAsync([
            "demo", "--leads", "400", "--snapshot-days", "30", "--as-of", "2026-11-20T12:00:00Z",
            "--rules", Repo.Rules, "--db", db, "--data", Path.Combine(temp.Path, "data"),
        ]);

        code.ShouldBe(0, error);
        output.ShouldContain("Speed to lead and breaches by queue and owner");
        string leadId;
        using (var connection = new SqliteConnection($"Data Source={db};Pooling=false"))
        {
            connection.ExecuteScalar<long>("SELECT COUNT(*) FROM lead_routes").ShouldBeGreaterThan(0);
            connection.ExecuteScalar<long>("SELECT COUNT(*) FROM route_steps WHERE kind = 'escalated'").ShouldBeGreaterThan(0);
            connection.ExecuteScalar<long>("SELECT COUNT(*) FROM score_changes WHERE kind = 'routed'").ShouldBe(
                connection.ExecuteScalar<long>("SELECT COUNT(*) FROM route_steps WHERE kind IN ('routed', 'rerouted', 'released')"));
            connection.ExecuteScalar<long>("SELECT COUNT(*) FROM lead_routes WHERE play IS NULL").ShouldBe(0, "every routed tier has a default play");
            leadId = connection.ExecuteScalar<string>("SELECT lead_id FROM route_steps WHERE kind = 'escalated' ORDER BY id LIMIT 1")!;
        }

        var explain = await CliRun.RunAsync("explain", leadId, "--db", db);
        explain.ExitCode.ShouldBe(0, explain.Error);
        explain.Output.ShouldContain("routing: ");
        explain.Output.ShouldContain("play: ");
        explain.Output.ShouldContain("  say: ");
        explain.Output.ShouldContain("escalated ");
        explain.Output.ShouldContain("breached ");

        var report = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", db);
        report.ExitCode.ShouldBe(0, report.Error);
        report.Output.ShouldContain("median to first touch");
        report.Output.ShouldContain("sdr_us");
    }

    [Fact]
    public async Task Validate_WithADatabaseNamingAnUnknownOwner_IsAnErrorNamingTheLead()
    {
        using var temp = new TempFolder();
        var db = Path.Combine(temp.Path, "crm.db");
        var leads = temp.Write("leads.csv", "lead_id,email,owner\nL-1,a@acme.com,tyler.brooks\nL-2,b@acme.com,bob.unknown\n");
        (await CliRun.RunAsync("import", "leads", leads, "--db", db)).ExitCode.ShouldBe(0);

        var (code, _, error) = await CliRun.RunAsync("validate", "--rules", Repo.Rules, "--db", db);

        code.ShouldBe(1);
        error.ShouldContain("error: lead L-2: owner \"bob.unknown\" (its owner attribute) is not a member in teams.json");
        error.ShouldNotContain("lead L-1");
    }
}
