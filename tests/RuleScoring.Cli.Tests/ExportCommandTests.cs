using System.Text.Json;
using Dapper;
using RuleScoring.Core.Csv;
using RuleScoring.Core.Reasons;
using RuleScoring.Storage.Database;

namespace RuleScoring.Cli.Tests;

/// <summary><c>rulescore export crm</c>: score properties as a CSV a CRM imports, incremental per mapping, never lost.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly string _db;

    public ExportCommandTests()
    {
        _db = Path.Combine(_dir.Path, "test.db");
        var (leads, signals) = SampleCsv.Write(_dir);
        CliRun.RunAsync("import", "leads", leads, "--db", _db).GetAwaiter().GetResult().ExitCode.ShouldBe(0);
        CliRun.RunAsync("import", "signals", signals, "--db", _db).GetAwaiter().GetResult().ExitCode.ShouldBe(0);
        CliRun.RunAsync("rescore", "--db", _db, "--rules", Repo.Rules, "--as-of", "2026-11-20T12:00:00Z").GetAwaiter().GetResult().ExitCode.ShouldBe(0);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task HubSpot_FirstExport_EveryScoredLeadWithItsStoredCardsValuesUnderHubSpotsColumnNames()
    {
        var csv = Path.Combine(_dir.Path, "hubspot.csv");

        var (code, output, error) = await Export("hubspot-scores.json", csv);

        code.ShouldBe(0, error);
        output.ShouldContain($"{SampleCsv.Leads.Count} lead(s)");
        var rows = Read(csv);
        rows[0].ShouldBe(["Record ID", "Email", "Lead Score Tier", "Fit Score", "Intent Score", "Engagement Score", "Lead Score", "Why Now", "Sales Action", "Follow Up By",
            "Lead Queue", "Routed Owner", "Play", "Play Talk Track", "Score Model Version", "Last Scored"]);
        rows.Count.ShouldBe(SampleCsv.Leads.Count + 1);
        foreach (var lead in SampleCsv.Leads)
        {
            var (_, json, _) = await CliRun.RunAsync("explain", lead.LeadId, "--db", _db, "--format", "json");
            using var doc = JsonDocument.Parse(json);
            var card = doc.RootElement.GetProperty("current");
            var row = rows.Single(r => r[0] == lead.LeadId);
            row[1].ShouldBe(lead.Attributes.GetValueOrDefault("email") ?? "");
            row[2].ShouldBe(card.GetProperty("tier").ValueKind == JsonValueKind.Null ? "" : card.GetProperty("tier").GetProperty("tier").GetString());
            decimal.Parse(row[6], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(Math.Round(card.GetProperty("composite").GetDecimal(), 2));
            var strongest = card.GetProperty("reasons").EnumerateArray().Where(r => r.GetProperty("points").GetDecimal() > 0)
                .OrderByDescending(r => r.GetProperty("points").GetDecimal()).ThenBy(r => r.GetProperty("code").GetString(), StringComparer.Ordinal)
                .Take(WhyNow.DefaultCount).Select(r => r.GetProperty("text").GetString());
            row[7].ShouldBe(string.Join("; ", strongest));
            row[15].ShouldBe("2026-11-20");
        }
    }

    [Fact]
    public async Task RoutedLeads_CarryTheirQueueOwnerAndPlayAsStored_OthersLeaveThemEmpty()
    {
        var csv = Path.Combine(_dir.Path, "sf.csv");

        (await Export("salesforce-scores.json", csv)).ExitCode.ShouldBe(0);

        var rows = Read(csv);
        var header = rows[0].ToList();
        using var database = ScoreDatabase.Open(_db, FixedClock.Create(), create: false);
        var routes = database.Connection.Query<(string LeadId, string Queue, string? Owner, string? Play)>("SELECT lead_id, queue, owner, play FROM lead_routes")
            .ToDictionary(r => r.LeadId);
        routes.Count.ShouldBeGreaterThan(0, "the sample's tier A and B leads are routed");
        foreach (var row in rows.Skip(1))
        {
            var queue = row[header.IndexOf("RS_Queue__c")];
            var owner = row[header.IndexOf("RS_Owner__c")];
            var play = row[header.IndexOf("RS_Play__c")];
            if (routes.TryGetValue(row[0], out var route))
            {
                queue.ShouldBe(route.Queue);
                owner.ShouldBe(route.Owner ?? "");
                play.ShouldBe(route.Play is null ? "" : JsonDocument.Parse(route.Play).RootElement.GetProperty("name").GetString());
            }
            else
            {
                (queue + owner + play).ShouldBeEmpty($"{row[0]} was never routed");
            }
        }
    }

    [Fact]
    public async Task SecondExport_SendsOnlyLeadsWhoseScoreChanged_AndEachMappingKeepsItsOwnCursor()
    {
        (await Export("hubspot-scores.json", Path.Combine(_dir.Path, "1.csv"))).ExitCode.ShouldBe(0);

        var (code, output, _) = await Export("hubspot-scores.json", Path.Combine(_dir.Path, "2.csv"));
        code.ShouldBe(0);
        output.ShouldContain("header only");
        Read(Path.Combine(_dir.Path, "2.csv")).Count.ShouldBe(1);

        // A demo request moves one lead; a rescore a day later moves what decay moves.
        var signal = _dir.Write("signal.csv", "lead_id,type,occurred_at,event_id\nL-1003,demo_request,2026-11-21T09:00:00Z,late-demo\n");
        (await CliRun.RunAsync("import", "signals", signal, "--db", _db)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("rescore", "--db", _db, "--rules", Repo.Rules, "--as-of", "2026-11-21T12:00:00Z")).ExitCode.ShouldBe(0);
        using var database = ScoreDatabase.Open(_db, FixedClock.Create(), create: false);
        var changed = database.Connection.Query<string>("SELECT lead_id FROM scores_current WHERE score_id > (SELECT position FROM cursors WHERE name = 'export.hubspot') ORDER BY lead_id").ToList();
        changed.ShouldContain("L-1003");
        changed.Count.ShouldBeLessThan(SampleCsv.Leads.Count, "some leads' scores did not change");

        (await Export("hubspot-scores.json", Path.Combine(_dir.Path, "3.csv"))).ExitCode.ShouldBe(0);
        (await Export("salesforce-scores.json", Path.Combine(_dir.Path, "sf.csv"))).ExitCode.ShouldBe(0);

        Read(Path.Combine(_dir.Path, "3.csv")).Skip(1).Select(r => r[0]).Order(StringComparer.Ordinal).ShouldBe(changed);
        Read(Path.Combine(_dir.Path, "sf.csv")).Count.ShouldBe(SampleCsv.Leads.Count + 1, "salesforce's first export: every lead");
    }

    [Fact]
    public async Task OutputThatCannotBeWritten_Exits2AndLeavesTheCursor_SoTheNextExportSendsTheSameRows()
    {
        var blocked = Path.Combine(_dir.Path, "no-such-folder", "x.csv");

        var (code, _, error) = await Export("hubspot-scores.json", blocked);

        code.ShouldBe(2);
        error.ShouldContain("the cursor export.hubspot stays at 0");
        var (again, _, _) = await Export("hubspot-scores.json", Path.Combine(_dir.Path, "ok.csv"));
        again.ShouldBe(0);
        Read(Path.Combine(_dir.Path, "ok.csv")).Count.ShouldBe(SampleCsv.Leads.Count + 1);
    }

    [Fact]
    public async Task HostileAttribute_IsWrittenSoASpreadsheetCannotRunIt()
    {
        var lead = _dir.Write("evil.csv", "lead_id,email,title\nL-EVIL,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",VP Sales\n");
        (await CliRun.RunAsync("import", "leads", lead, "--db", _db)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("rescore", "--db", _db, "--rules", Repo.Rules, "--as-of", "2026-11-20T12:00:00Z")).ExitCode.ShouldBe(0);
        var csv = Path.Combine(_dir.Path, "out.csv");

        (await Export("hubspot-scores.json", csv)).ExitCode.ShouldBe(0);

        Read(csv).Single(r => r[0] == "L-EVIL")[1].ShouldBe("'=HYPERLINK(\"http://x\",\"y\")");
    }

    [Theory]
    [InlineData("""{ "kind": "leads", "columns": [ { "name": "Id", "field": "lead_id" } ] }""", "export.json:1: kind \"leads\" is an import mapping's")]
    [InlineData("{ \"kind\": \"export\",\n  \"columns\": [\n    { \"name\": \"Id\", \"field\": \"lead_id\" },\n    { \"name\": \"Owner\", \"field\": \"account_owner\" } ] }", "export.json:4: field \"account_owner\" is not known")]
    [InlineData("{ \"kind\": \"export\",\n  \"columns\": [\n    { \"name\": \"Id\", \"field\": \"lead_id\" },\n    { \"name\": \"id\", \"field\": \"tier\" } ] }", "export.json:4: column \"id\" appears twice")]
    [InlineData("{ \"kind\": \"export\",\n  \"columns\": [\n    { \"name\": \"Tier\", \"field\": \"tier\", \"values\": { \"A\": \"Hot\", \"B\": \"Warm\", \"Z\": \"?\" } } ] }", "export.json:3: column \"Tier\" renames tiers but not C, D")]
    [InlineData("{ \"kind\": \"export\", \"columns\": [ { \"name\": \"Day\", \"field\": \"tier\", \"format\": \"date\" } ] }", "format applies to as_of, scored_at and follow_up_by, not to tier")]
    [InlineData("{ \"kind\": \"export\", \"columns\": [ ", "export.json:1: not valid JSON")]
    public async Task BadMapping_Exits2NamingTheFileLineAndProblem_AndWritesNothing(string mapping, string expected)
    {
        var map = _dir.Write("export.json", mapping);
        var csv = Path.Combine(_dir.Path, "never.csv");

        var (code, _, error) = await CliRun.RunAsync("export", "crm", "--map", map, "--out", csv, "--db", _db, "--rules", Repo.Rules);

        code.ShouldBe(2);
        error.Replace(_dir.Path + Path.DirectorySeparatorChar, "", StringComparison.Ordinal).ShouldContain(expected);
        File.Exists(csv).ShouldBeFalse();
    }

    [Fact]
    public async Task EmptyDatabase_WritesTheHeaderAndSaysSo()
    {
        var empty = Path.Combine(_dir.Path, "empty.db");
        using (ScoreDatabase.Open(empty, FixedClock.Create()))
        {
        }

        var csv = Path.Combine(_dir.Path, "e.csv");
        var (code, output, error) = await CliRun.RunAsync("export", "crm", "--map", Repo.Mapping("salesforce-scores.json"), "--out", csv, "--db", empty, "--rules", Repo.Rules);

        code.ShouldBe(0, error);
        output.ShouldContain("header only");
        Read(csv).Single()[0].ShouldBe("Id");
    }

    private Task<(int ExitCode, string Output, string Error)> Export(string mapping, string csv) =>
        CliRun.RunAsync("export", "crm", "--map", Repo.Mapping(mapping), "--out", csv, "--db", _db, "--rules", Repo.Rules);

    private static List<IReadOnlyList<string>> Read(string csv)
    {
        using var reader = new StreamReader(csv);
        var records = new CsvRecordReader(reader, ',');
        var rows = new List<IReadOnlyList<string>>();
        while (records.Read() is { } record)
        {
            record.Error.ShouldBeNull();
            rows.Add(record.Values);
        }

        return rows;
    }
}
