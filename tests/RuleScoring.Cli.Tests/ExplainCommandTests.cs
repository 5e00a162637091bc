using System.Text.Json;
using Dapper;
using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Database;

namespace RuleScoring.Cli.Tests;

public sealed class ExplainCommandTests
{
    private static async Task<string> ScoredDatabase(TempFolder dir, params string[] asOfTimes)
    {
        var db = Path.Combine(dir.Path, "test.db");
        var (leads, signals) = SampleCsv.Write(dir);
        (await CliRun.RunAsync("import", "leads", leads, "--db", db)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("import", "signals", signals, "--db", db)).ExitCode.ShouldBe(0);
        foreach (var asOf in asOfTimes)
        {
            var (code, _, error) = await CliRun.RunAsync("rescore", "--db", db, "--rules", Repo.Rules, "--as-of", asOf);
            error.ShouldBeEmpty();
            code.ShouldBe(0);
        }

        return db;
    }

    [Fact]
    public async Task Explain_EveryLead_EveryHistoryRowsReasonsSumExactlyToItsStoredDimensions()
    {
        using var dir = new TempFolder();
        var db = await ScoredDatabase(dir, "2026-11-20T12:00:00Z", "2026-12-20", "2027-03-01", "2027-09-01");

        var rows = 0;
        foreach (var lead in SampleCsv.Leads)
        {
            var (code, output, _) = await CliRun.RunAsync("explain", lead.LeadId, "--db", db, "--format", "json");

            code.ShouldBe(0);
            using var doc = JsonDocument.Parse(output);
            foreach (var row in doc.RootElement.GetProperty("history").EnumerateArray())
            {
                rows++;
                var reasons = row.GetProperty("card").GetProperty("reasons").EnumerateArray().ToList();
                foreach (var dimension in new[] { "fit", "intent", "behavior" })
                {
                    var sum = reasons.Where(r => r.GetProperty("dimension").GetString() == dimension).Sum(r => r.GetProperty("points").GetDecimal());
                    row.GetProperty(dimension + "_raw").GetDecimal().ShouldBe(sum, $"{lead.LeadId} {row.GetProperty("as_of")} {dimension}");
                }
            }
        }

        rows.ShouldBeGreaterThan(SampleCsv.Leads.Count * 2);
    }

    [Fact]
    public async Task Explain_CompactCards_PrintWhatTheSameCardsStoredWholePrint()
    {
        using var dir = new TempFolder();
        var db = await ScoredDatabase(dir, "2026-11-20T12:00:00Z", "2026-12-20", "2027-03-01", "2027-09-01");
        var compact = await ExplainAll(db);

        // The same database as before compact cards: every card column rewritten as the whole card.
        using (var store = ScoreDatabase.Open(db, TimeProvider.System, create: false))
        {
            var rows = store.Connection.Query<(long Id, string Card)>("SELECT id, card FROM scores").ToList();
            rows.ShouldAllBe(r => CardTemplate.IsCompact(r.Card));
            foreach (var (id, card) in rows)
            {
                store.Connection.Execute("UPDATE scores SET card = @Card WHERE id = @Id", new { Id = id, Card = ScoreCardJson.Serialize(store.Cards.Read(card)) });
            }

            foreach (var (lead, card) in store.Connection.Query<(string, string)>("SELECT lead_id, card FROM scores_current WHERE card IS NOT NULL").ToList())
            {
                store.Connection.Execute("UPDATE scores_current SET card = @Card WHERE lead_id = @Lead", new { Lead = lead, Card = ScoreCardJson.Serialize(store.Cards.Read(card)) });
            }

            store.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores WHERE card LIKE '[%'").ShouldBe(0);
        }

        var whole = await ExplainAll(db);

        whole.ShouldBe(compact);
        compact.ShouldContain("L-1001  tier C");

        // And back: the whole cards rewritten compact by rescore --compact-history.
        var (code, output, error) = await CliRun.RunAsync("rescore", "--db", db, "--rules", Repo.Rules, "--as-of", "2027-09-01", "--compact-history");
        code.ShouldBe(0, error);
        output.ShouldContain("compacted ");
        output.ShouldNotContain("kept whole");
        using (var store = ScoreDatabase.Open(db, TimeProvider.System, create: false))
        {
            store.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores WHERE card NOT LIKE '[%'").ShouldBe(0);
        }

        (await ExplainAll(db)).ShouldBe(compact);
    }

    /// <summary>explain of every sample lead, as a table and as JSON.</summary>
    private static async Task<string> ExplainAll(string db)
    {
        var text = new System.Text.StringBuilder();
        foreach (var lead in SampleCsv.Leads)
        {
            foreach (var format in new[] { "table", "json" })
            {
                var (code, output, error) = await CliRun.RunAsync("explain", lead.LeadId, "--db", db, "--format", format, "--history", "0");
                code.ShouldBe(0, error);
                text.Append(output);
            }
        }

        return text.ToString();
    }

    [Fact]
    public async Task Explain_Table_ShowsTheCurrentCardAndHowTheTierGotThere()
    {
        using var dir = new TempFolder();
        var db = await ScoredDatabase(dir, "2026-11-20T12:00:00Z", "2026-12-20", "2027-03-01");

        var (code, output, error) = await CliRun.RunAsync("explain", "L-1001", "--db", db);

        error.ShouldBeEmpty();
        code.ShouldBe(0);
        output.ShouldStartWith("L-1001  tier C");
        output.ShouldContain("fit.executive");
        output.ShouldContain("history (3 score(s)):");
        output.ShouldContain($"2026-11-20T12:00:00Z  {GitRulesRepo.Shipped}");
        output.ShouldContain("A->B");
        output.ShouldContain("B->C");
        output.ShouldContain("intent.pricing_deep (gone)");

        var latest = await CliRun.RunAsync("explain", "L-1001", "--db", db, "--history", "1");
        latest.Output.ShouldContain("history (latest 1 of 3; --history 0 for all):");
        latest.Output.ShouldNotContain($"2026-11-20T12:00:00Z  {GitRulesRepo.Shipped}");
        latest.Output.ShouldContain("B->C");
    }

    [Fact]
    public async Task Rescore_WithoutAsOf_ScoresAsOfTheClock()
    {
        using var dir = new TempFolder();
        var db = await ScoredDatabase(dir);

        var (code, output, _) = await CliRun.RunAsync("rescore", "--db", db, "--rules", Repo.Rules);

        code.ShouldBe(0);
        output.ShouldContain("scored 10 lead(s) as of 2026-11-20T12:00:00Z");
        output.ShouldContain("10 new history row(s), 10 tier change(s)");
        (await CliRun.RunAsync("rescore", "--db", db, "--rules", Repo.Rules)).Output.ShouldContain("0 new history row(s), 0 tier change(s)");
    }

    [Fact]
    public async Task Explain_UnknownLead_OrNoDatabase_Exits2_AnUnscoredLeadIsShownAsSuch()
    {
        using var dir = new TempFolder();
        var db = await ScoredDatabase(dir);

        // Not scored yet is a state the table can show (with the lead's deals and stage); JSON has no card to write.
        var unscored = await CliRun.RunAsync("explain", "L-1001", "--db", db);
        unscored.ExitCode.ShouldBe(0);
        unscored.Output.ShouldStartWith("L-1001  not scored yet: run 'rulescore rescore");
        var unscoredJson = await CliRun.RunAsync("explain", "L-1001", "--db", db, "--format", "json");
        unscoredJson.ExitCode.ShouldBe(2);
        unscoredJson.Error.ShouldContain("not been scored yet");
        var unknown = await CliRun.RunAsync("explain", "L-9999", "--db", db);
        unknown.ExitCode.ShouldBe(2);
        unknown.Error.ShouldContain("no lead \"L-9999\"");
        var missing = Path.Combine(dir.Path, "missing.db");
        (await CliRun.RunAsync("explain", "L-1001", "--db", missing)).ExitCode.ShouldBe(2);
        (await CliRun.RunAsync("rescore", "--db", missing, "--rules", Repo.Rules)).Error.ShouldContain("no such database");
        File.Exists(missing).ShouldBeFalse();
    }

    [Fact]
    public async Task Explain_WonLeadThatNeverScoredAsMql_SaysSoBesideTheDealAndItsStage()
    {
        using var dir = new TempFolder();
        var db = Path.Combine(dir.Path, "won.db");
        var leads = dir.Write("leads.csv", "lead_id,email,employees,industry,country,title,created_at\nL-9,kim@gmail.com,5,Education,Canada,Student,2026-09-10T09:00:00Z\n");
        var deals = dir.Write("deals.csv", "lead_id,opportunity_id,outcome,created_at,closed_at\nL-9,O-9,won,2026-10-09T10:00:00Z,2026-10-25T10:00:00Z\n");
        (await CliRun.RunAsync("import", "leads", leads, "--db", db)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("import", "deals", deals, "--db", db)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("rescore", "--db", db, "--rules", Repo.Rules, "--as-of", "2026-11-20T12:00:00Z")).ExitCode.ShouldBe(0);

        var (code, output, error) = await CliRun.RunAsync("explain", "L-9", "--db", db);

        code.ShouldBe(0, error);
        output.ShouldStartWith("L-9  tier D");
        output.ShouldContain("  MQL: never by score  SQL: never by score; deal won 2026-10-25  tier rule tier.");
        output.ShouldNotContain("MQL no");
        output.ShouldContain("  lifecycle: won since 2026-10-25 (inquiry 2026-09-10, opportunity 2026-10-09, won 2026-10-25)");
        output.ShouldContain("  deals: O-9 created 2026-10-09, closed 2026-10-25, won");
        output.ShouldContain("  outcome: won");
    }
}
