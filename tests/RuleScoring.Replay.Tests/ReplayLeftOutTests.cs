using RuleScoring.Replay.Reports;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Import;

namespace RuleScoring.Replay.Tests;

public sealed class ReplayLeftOutTests(ReplayFixture data) : IClassFixture<ReplayFixture>
{
    private const string Created = "2026-10-01T00:00:00Z";
    private const string Closed = "2026-11-01T00:00:00Z";

    /// <summary>Three lost deals and one won deal that replay cleanly: a pricing view a week before each deal.</summary>
    private static readonly string[] CleanLeads = [DealFolder.Lead("L-1"), DealFolder.Lead("L-2"), DealFolder.Lead("L-3"), DealFolder.Lead("W-1")];
    private static readonly string[] CleanDeals = [$"L-1,lost,{Created},{Closed}", $"L-2,lost,{Created},{Closed}", $"L-3,lost,{Created},{Closed}", $"W-1,won,{Created},{Closed}"];
    private static readonly string[] CleanSignals = ["L-1,pricing_view,2026-09-24T00:00:00Z", "L-2,pricing_view,2026-09-24T00:00:00Z", "L-3,pricing_view,2026-09-24T00:00:00Z", "W-1,pricing_view,2026-09-24T00:00:00Z"];

    [Fact]
    public void Replay_DealsWithOddDates_AreLeftOutAndCountedByReasonInTheHeadline()
    {
        var folder = DealFolder.Write(data.Folder,
            [.. CleanLeads, DealFolder.Lead("X-closed"), DealFolder.Lead("X-signal"), DealFolder.Lead("X-early", "2026-10-15T00:00:00Z")],
            [.. CleanDeals, $"X-closed,won,{Created},2026-09-01T00:00:00Z", $"X-signal,won,{Created},{Closed}", $"X-early,won,{Created},{Closed}"],
            [.. CleanSignals, "X-closed,pricing_view,2026-09-24T00:00:00Z", $"X-signal,demo_request,{Created}", "X-early,pricing_view,2026-09-24T00:00:00Z"]);
        var rules = data.RulesCopy("odd");

        var (code, output, error, report, outDir) = data.Replay(rules, rules, data: folder);

        code.ShouldBe(0, error);
        report.GetProperty("deals").GetInt32().ShouldBe(4);
        var leftOut = report.GetProperty("left_out").EnumerateArray().ToDictionary(l => l.GetProperty("reason").GetString()!, l => l.GetProperty("deals").GetInt32());
        leftOut.ShouldBe(new Dictionary<string, int>
        {
            ["closed before it was created"] = 1,
            ["every signal at or after its point"] = 1,
            ["point before its lead was created"] = 1,
        }, ignoreOrder: true);
        output.ShouldContain("**3 deals left out**: 1 closed before it was created, 1 every signal at or after its point, 1 point before its lead was created");
        error.ShouldContain("3 deals left out");
        File.ReadAllLines(Path.Combine(outDir, "leads.csv")).Skip(1).Select(l => l.Split(',')[0]).ShouldBe(["L-1", "L-2", "L-3", "W-1"], ignoreOrder: true);
    }

    [Fact]
    public void Replay_EveryWonDealOdd_ExitsOneSayingThereIsNothingToCompare()
    {
        // The export: won deals closed before they were created or dated at the lead's only signal.
        var folder = DealFolder.Write(data.Folder,
            [.. CleanLeads.SkipLast(1), DealFolder.Lead("X-closed"), DealFolder.Lead("X-signal")],
            [.. CleanDeals.SkipLast(1), $"X-closed,won,{Created},2026-09-01T00:00:00Z", $"X-signal,won,{Created},{Closed}"],
            [.. CleanSignals.SkipLast(1), $"X-signal,demo_request,{Created}"]);
        var rules = data.RulesCopy("odd-won");

        var (code, output, error, report, _) = data.Replay(rules, rules, data: folder);

        code.ShouldBe(1);
        error.ShouldContain("replay: nothing to compare: no won lead among the 3 scored");
        output.ShouldContain("**nothing to compare**");
        output.ShouldContain("**2 deals left out**");
        report.GetProperty("won").GetInt32().ShouldBe(0);
    }

    [Fact]
    public void Replay_DealWithoutACreationDate_IsScoredAsOfItsLeadsCreationAndSaysSo()
    {
        var folder = DealFolder.Write(data.Folder,
            [.. CleanLeads, DealFolder.Lead("W-2", "2026-09-15T00:00:00Z")],
            [.. CleanDeals, $"W-2,won,,{Closed}"],
            [.. CleanSignals, "W-2,pricing_view,2026-09-14T00:00:00Z", "W-2,demo_request,2026-09-20T00:00:00Z"]);
        var rules = data.RulesCopy("no-created");

        var (code, output, error, report, outDir) = data.Replay(rules, rules, data: folder);

        code.ShouldBe(0, error);
        report.GetProperty("deals").GetInt32().ShouldBe(5);
        report.GetProperty("as_of_from_lead_creation").GetInt32().ShouldBe(1);
        output.ShouldContain("1 scored as of their lead's creation (the deal has no creation date)");
        var row = File.ReadAllLines(Path.Combine(outDir, "leads.csv")).Single(l => l.StartsWith("W-2,", StringComparison.Ordinal)).Split(',');
        DateTimeOffset.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(new DateTimeOffset(2026, 9, 15, 0, 0, 0, TimeSpan.Zero));
        row[4].ShouldBe("1", "the demo request after the lead's creation was not known then");
    }

    [Fact]
    public void Replay_FixedAsOfBeforeEveryLeadExisted_ScoresNoCardAndExitsOne()
    {
        var folder = DealFolder.Write(data.Folder,
            CleanLeads.Select((l, i) => l + "2026-09-0" + (i + 1)).ToList(), CleanDeals, CleanSignals);
        var rules = data.RulesCopy("before-lead");

        var (code, _, error, _, outDir) = data.Replay(rules, rules, asOf: "2026-08-01", data: folder);

        code.ShouldBe(1);
        error.ShouldContain("nothing to compare");
        error.ShouldContain("every closed deal left out: 4 point before its lead was created");
        File.Exists(Path.Combine(outDir, "leads.csv")).ShouldBeFalse("no card is scored before its lead existed");
    }

    [Fact]
    public void Replay_FromAndUntil_SplitTheDealsByTheirPointInTimeAndStateThePeriod()
    {
        var rules = data.RulesCopy("period");
        var all = data.Replay(rules, rules);
        const string split = "2026-06-01";

        var after = Replay(rules, from: split);
        var before = Replay(rules, until: split);

        after.Code.ShouldBe(0, after.Error);
        before.Code.ShouldBe(0, before.Error);
        var total = all.Report.GetProperty("deals").GetInt32();
        var (early, late) = (before.Report.GetProperty("deals").GetInt32(), after.Report.GetProperty("deals").GetInt32());
        early.ShouldBeGreaterThan(0);
        late.ShouldBeGreaterThan(0);
        (early + late).ShouldBe(total, "--until D and --from D split the deals without overlap");
        Points(after.OutDirectory).ShouldAllBe(at => at >= new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        Points(before.OutDirectory).ShouldAllBe(at => at < new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        after.Output.ShouldContain("points from 2026-06-01");
        after.Report.GetProperty("left_out").EnumerateArray().Single(l => l.GetProperty("reason").GetString() == "point outside --from/--until")
            .GetProperty("deals").GetInt32().ShouldBe(early);
        after.Report.GetProperty("period").GetString().ShouldBe("points from 2026-06-01");
        Replay(rules, from: split, until: "2026-05-01").Code.ShouldBe(2);
    }

    [Theory]
    [InlineData("no deals")]
    [InlineData("no lost deal")]
    [InlineData("one lead")]
    public void Replay_DatabaseWithNothingToCompare_ExitsOneWithOneLine(string kind)
    {
        var path = Path.Combine(data.Folder, $"empty-{Guid.NewGuid():N}.db");
        var clock = FixedClock.Create();
        using (var db = ScoreDatabase.Open(path, clock))
        {
            var importer = new Importer(db);
            var (leads, deals) = kind switch
            {
                "no deals" => (CleanLeads, Array.Empty<string>()),
                "no lost deal" => (CleanLeads, CleanDeals.Select(d => d.Replace("lost", "won", StringComparison.Ordinal)).ToArray()),
                _ => (CleanLeads.Take(1).ToArray(), CleanDeals.Take(1).ToArray()),
            };
            importer.Import(new StringReader(string.Join('\n', leads.Prepend(DealFolder.LeadHeader))), "leads.csv", new ImportOptions(ImportKind.Leads));
            importer.Import(new StringReader(string.Join('\n', CleanSignals.Prepend("lead_id,type,occurred_at"))), "signals.csv", new ImportOptions(ImportKind.Signals));
            importer.Import(new StringReader(string.Join('\n', deals.Prepend("lead_id,outcome,created_at,closed_at"))), "deals.csv", new ImportOptions(ImportKind.Deals));
        }

        var rules = data.RulesCopy("empty-db");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = ReplayCommand.Run(new ReplayCommand.Settings(rules, rules, rules, path, null, "created", null, Path.Combine(data.Folder, "out-" + Guid.NewGuid().ToString("N")),
            new Gate(null, false, null)), clock, output, error);

        code.ShouldBe(1, error.ToString());
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("replay: nothing to compare", StringComparison.Ordinal)).ToList();
        lines.Count.ShouldBe(1, error.ToString());
        lines[0].ShouldContain(kind switch { "no deals" => "no closed (won/lost) deal in the data", "no lost deal" => "no lost lead", _ => "no won lead" });
    }

    private (int Code, string Output, string Error, System.Text.Json.JsonElement Report, string OutDirectory) Replay(string rules, string? from = null, string? until = null)
    {
        var outDir = Path.Combine(data.Folder, "out-" + Guid.NewGuid().ToString("N"));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = ReplayCommand.Run(new ReplayCommand.Settings(rules, rules, rules, null, data.DataDirectory, "created", null, outDir, new Gate(null, false, null)) { From = from, Until = until },
            FixedClock.Create(), output, error);
        var file = Path.Combine(outDir, "report.json");
        var report = File.Exists(file) ? System.Text.Json.JsonDocument.Parse(File.ReadAllText(file)).RootElement.Clone() : default;
        return (code, output.ToString(), error.ToString(), report, outDir);
    }

    private static List<DateTimeOffset> Points(string outDir) =>
        File.ReadAllLines(Path.Combine(outDir, "leads.csv")).Skip(1).Select(l => DateTimeOffset.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture)).ToList();
}
