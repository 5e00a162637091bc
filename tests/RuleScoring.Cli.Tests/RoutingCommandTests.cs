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

    [Fact]
    public async Task Explain_TierAOwnedLeadAfterHours_ShowsTheDueTimeInTheOwnersBusinessHours()
    {
        using var temp = new TempFolder();
        var db = Path.Combine(temp.Path, "crm.db");
        var leads = temp.Write("leads.csv", """
            lead_id,email,employees,industry,country,title,function,created_at,owner
            L-uk,ann@example-retail.co.uk,300,Software,United Kingdom,VP Sales,Sales,2026-11-01T00:00:00Z,priya.shah
            """);
        var signals = temp.Write("signals.csv", """
            lead_id,type,occurred_at,event_id
            L-uk,demo_request,2026-11-20T14:00:00Z,e1
            L-uk,pricing_view,2026-11-20T14:00:00Z,e2
            """);
        (await CliRun.RunAsync("import", "leads", leads, "--db", db)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("import", "signals", signals, "--db", db)).ExitCode.ShouldBe(0);

        // Friday 19:00 London: Priya (08:00-18:00 Europe/London) has gone home; tier A counts her hours.
        var rescore = await CliRun.RunAsync("rescore", "--db", db, "--rules", Repo.Rules, "--as-of", "2026-11-20T19:00:00Z");
        rescore.ExitCode.ShouldBe(0, rescore.Error);
        var explain = await CliRun.RunAsync("explain", "L-uk", "--db", db);

        explain.ExitCode.ShouldBe(0, explain.Error);
        explain.Output.ShouldContain("routing: sdr_emea, priya.shah (assigned)");
        explain.Output.ShouldContain("tier A      due 2026-11-23 08:15 Europe/London (business hours of Priya Shah; 2026-11-23T08:15:00Z)");
    }
}
