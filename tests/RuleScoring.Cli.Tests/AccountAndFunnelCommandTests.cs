using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace RuleScoring.Cli.Tests;

/// <summary>One demo database for the account and funnel commands (the demo is the slow part).</summary>
public sealed class DemoDatabase : IDisposable
{
    private readonly TempFolder _temp = new();

    public DemoDatabase()
    {
        Db = Path.Combine(_temp.Path, "demo.db");
        (ExitCode, Output, Error) = CliRun.RunAsync(
            "demo", "--leads", "400", "--snapshot-days", "30", "--as-of", "2026-11-20T12:00:00Z",
            "--rules", Repo.Rules, "--db", Db, "--data", Path.Combine(_temp.Path, "data")).GetAwaiter().GetResult();
    }

    public string Db { get; }
    public int ExitCode { get; }
    public string Output { get; }
    public string Error { get; }

    public void Dispose() => _temp.Dispose();
}

public sealed class AccountAndFunnelCommandTests(DemoDatabase demo) : IClassFixture<DemoDatabase>
{
    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={demo.Db};Pooling=false");
        connection.Open();
        return connection;
    }

    [Fact]
    public void Demo_PrintsTheFunnelAndTheTopAccount()
    {
        demo.ExitCode.ShouldBe(0, demo.Error);
        demo.Output.ShouldContain("Lifecycle funnel");
        demo.Output.ShouldContain("Fit x intent");
        demo.Output.ShouldContain("Top account");
        demo.Output.ShouldContain("rulescore explain --account ");
    }

    [Fact]
    public async Task ReportFunnel_DemoData_StageCountsMatchADirectCountOverTheStoredTransitions()
    {
        var (code, output, error) = await CliRun.RunAsync("report", "--funnel", "--rules", Repo.Rules, "--db", demo.Db);

        code.ShouldBe(0, error);
        using var db = Open();
        string[] stages = ["inquiry", "mql", "sal", "sql", "opportunity", "won", "lost"];
        var lines = output.Split('\n');
        for (var i = 0; i < 6; i++)
        {
            var reached = string.Join(",", stages.Skip(i).Where(s => i < 5 || s == "won").Select(s => $"'{s}'"));
            var count = db.ExecuteScalar<long>($"SELECT COUNT(DISTINCT lead_id) FROM lifecycle_transitions WHERE to_stage IN ({reached})");
            var row = lines.First(l => l.StartsWith("  " + stages[i] + " ", StringComparison.Ordinal));
            row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1].ShouldBe(count.ToString("N0", CultureInfo.InvariantCulture), stages[i]);
        }

        lines.First(l => l.StartsWith("  mql ", StringComparison.Ordinal)).ShouldMatch(@"\d+\.\d%\s+\d+\.\d\s+\d");
        output.ShouldContain("Funnel by current tier");
        output.ShouldContain("Funnel by month of arrival");
        var recycled = db.ExecuteScalar<long>("SELECT COUNT(DISTINCT lead_id) FROM lifecycle_transitions WHERE recycle = 1");
        output.ShouldContain($"recycled leads (moved back, e.g. rejected by sales): {recycled:N0}");
    }

    [Fact]
    public async Task Report_ShowsTheFitIntentMatrix_WithADirectCountOfLeads()
    {
        var (code, output, error) = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", demo.Db);

        code.ShouldBe(0, error);
        output.ShouldContain("Fit x intent");
        var matrix = output.Split('\n').SkipWhile(l => !l.StartsWith("Fit x intent", StringComparison.Ordinal)).Skip(2).Take(2).ToList();
        var leads = matrix.SelectMany(l => System.Text.RegularExpressions.Regex.Matches(l, @"([\d,]+) leads").Select(m => long.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))).Sum();
        using var db = Open();
        // A lead is scored from its created_at on: one whose opportunity opened before its first card has no score to judge.
        leads.ShouldBe(db.ExecuteScalar<long>("""
            SELECT COUNT(DISTINCT s.lead_id) FROM scores s LEFT JOIN (SELECT lead_id, MIN(created_at) AS opened FROM deals GROUP BY lead_id) d ON d.lead_id = s.lead_id
            WHERE d.opened IS NULL OR s.as_of <= d.opened
            """), "every lead scored before its opportunity (or without one) is in one quadrant");
    }

    [Fact]
    public async Task ExplainAccount_TopAccount_ShowsTierCommitteeReasonsAndContacts()
    {
        using var db = Open();
        var key = db.ExecuteScalar<string>("SELECT account_key FROM account_scores_current ORDER BY score DESC, account_key LIMIT 1")!;
        var contacts = db.ExecuteScalar<long>("SELECT COUNT(*) FROM lead_accounts a JOIN scores_current c ON c.lead_id = a.lead_id WHERE a.account_key = @key", new { key });

        var (code, output, error) = await CliRun.RunAsync("explain", "--account", key.ToUpperInvariant(), "--db", demo.Db);

        code.ShouldBe(0, error);
        output.ShouldStartWith($"account {key}  tier ");
        output.ShouldContain("committee: ");
        output.ShouldContain($"contacts: {contacts},");
        output.ShouldContain("why (top drivers first):");
    }

    [Fact]
    public async Task ExplainLead_ShowsItsAccountTierAndCoverage_OrWhyItHasNone()
    {
        using var db = Open();
        var (lead, key) = db.QueryFirst<(string, string)>("SELECT lead_id, account_key FROM lead_accounts ORDER BY lead_id LIMIT 1");
        var gmail = db.ExecuteScalar<string>("SELECT lead_id FROM leads WHERE json_extract(attributes, '$.email') LIKE '%@gmail.com' ORDER BY lead_id LIMIT 1")!;

        var withAccount = await CliRun.RunAsync("explain", lead, "--db", demo.Db);
        var freeMail = await CliRun.RunAsync("explain", gmail, "--db", demo.Db);

        withAccount.Output.ShouldContain($"  account: {key}  tier ");
        withAccount.Output.ShouldContain("committee ");
        freeMail.Output.ShouldContain("  account: none (no company domain, or a free-mail address)");
    }

    [Fact]
    public async Task Explain_NeitherLeadNorAccount_OrAnUnknownAccount_ExitsTwo()
    {
        var neither = await CliRun.RunAsync("explain", "--db", demo.Db);
        var gmail = await CliRun.RunAsync("explain", "--account", "gmail.com", "--db", demo.Db);

        neither.ExitCode.ShouldBe(2);
        neither.Error.ShouldContain("--account");
        gmail.ExitCode.ShouldBe(2);
        gmail.Error.ShouldContain("free-mail domains never form one");
    }
}
