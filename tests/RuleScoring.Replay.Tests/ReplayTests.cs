using System.Text.Json;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Replay.Reports;
using RuleScoring.Storage.Database;

namespace RuleScoring.Replay.Tests;

public sealed class ReplayTests(ReplayFixture data) : IClassFixture<ReplayFixture>
{
    [Fact]
    public void Replay_DefaultModelAgainstItself_ReportsNoMigrationAndIdenticalMetrics()
    {
        var rules = data.RulesCopy("same");

        var (code, output, error, report, _) = data.Replay(rules, rules);

        code.ShouldBe(0, error);
        report.GetProperty("deals").GetInt32().ShouldBeGreaterThan(50);
        report.GetProperty("tier_moved").GetInt32().ShouldBe(0);
        report.GetProperty("migration").EnumerateArray().ShouldAllBe(m => m.GetProperty("base_tier").GetString() == m.GetProperty("head_tier").GetString());
        Comparable(report.GetProperty("base")).ShouldBe(Comparable(report.GetProperty("head")));
        output.ShouldContain("**no change**");
    }

    [Fact]
    public void Replay_OneWeightChanged_ReportsExactlyTheDealsWhoseTierMoved()
    {
        var @base = data.RulesCopy("base");
        var head = data.RulesCopy("head", (file, node) =>
        {
            if (file == "intent.json")
            {
                ReplayFixture.SetPoints(node, "intent.demo_request", 20);
            }
        });

        var (code, _, error, report, outDir) = data.Replay(@base, head);

        code.ShouldBe(0, error);
        // The same deals scored directly with each rule set, as of each deal's creation, signals before it only.
        var expected = MovedDirectly(@base, head);
        expected.Count.ShouldBeGreaterThan(0, "lowering the demo request must move some deal out of its tier");
        report.GetProperty("tier_moved").GetInt32().ShouldBe(expected.Count);
        var moved = File.ReadAllLines(Path.Combine(outDir, "leads.csv")).Skip(1).Where(l => l.EndsWith(",yes", StringComparison.Ordinal)).Select(l => l.Split(',')[0]).ToHashSet();
        moved.ShouldBe(expected, ignoreOrder: true);
        File.ReadAllText(Path.Combine(outDir, "report.md")).ShouldContain("intent.demo_request | 50 -> 20");
    }

    [Fact]
    public void Replay_BaseAsAGitRef_ReadsTheRulesAtThatCommit()
    {
        var repo = Path.Combine(data.Folder, "git-" + Guid.NewGuid().ToString("N"));
        var rules = data.RulesCopy(Path.Combine(Path.GetFileName(repo), "rules"));
        Git(repo, "init", "--quiet", "--initial-branch=main");
        Git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", "commit", "--quiet", "--allow-empty", "-m", "empty");
        Git(repo, "add", "-A");
        Git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", "commit", "--quiet", "-m", "rules 1.0.0");
        var intent = Path.Combine(rules, "intent.json");
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(intent))!;
        ReplayFixture.SetPoints(node, "intent.demo_request", 20);
        File.WriteAllText(intent, node.ToJsonString());

        var atHead = data.Replay("HEAD", rules);
        var atFirst = data.Replay("HEAD~1", rules);

        atHead.Code.ShouldBe(0, atHead.Error);
        atHead.Output.ShouldContain(", HEAD (");
        atHead.Report.GetProperty("tier_moved").GetInt32().ShouldBeGreaterThan(0, "HEAD has the 50-point demo request, the working tree 20");
        atFirst.Code.ShouldBe(2);
        atFirst.Error.ShouldContain("has no rules folder");
    }

    private static void Git(string directory, params string[] args)
    {
        Directory.CreateDirectory(directory);
        var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, process.StandardError.ReadToEnd());
    }

    [Fact]
    public void Replay_SignalAfterTheAsOfPoint_CannotChangeTheReplayedScore()
    {
        var folder = Path.Combine(data.Folder, "pit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        // P-0, a lost deal, is there so there is something to compare.
        File.WriteAllText(Path.Combine(folder, "leads.csv"), "lead_id,email,employees,industry,country,title\nP-1,vp@acme-logistics.com,300,Software,United States,VP Sales\nP-0,vp@acme-freight.com,300,Software,United States,VP Sales\n");
        File.WriteAllText(Path.Combine(folder, "deals.csv"), "lead_id,outcome,created_at,closed_at\nP-1,won,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z\nP-0,lost,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z\n");
        File.WriteAllText(Path.Combine(folder, "signals.csv"), "lead_id,type,occurred_at\nP-1,pricing_view,2026-09-28T00:00:00Z\nP-0,pricing_view,2026-09-28T00:00:00Z\n");
        var rules = data.RulesCopy("pit");
        var without = data.Replay(rules, rules, data: folder);
        File.AppendAllText(Path.Combine(folder, "signals.csv"), "P-1,demo_request,2026-10-01T00:00:00Z\nP-1,trial_started,2026-10-20T00:00:00Z\n");

        var with = data.Replay(rules, rules, data: folder);

        with.Code.ShouldBe(0, with.Error);
        var before = File.ReadAllLines(Path.Combine(without.OutDirectory, "leads.csv")).Single(l => l.StartsWith("P-1,", StringComparison.Ordinal));
        var after = File.ReadAllLines(Path.Combine(with.OutDirectory, "leads.csv")).Single(l => l.StartsWith("P-1,", StringComparison.Ordinal));
        after.Split(',')[4].ShouldBe("2", "the two signals at or after the deal's creation were left out");
        after.Split(',').Skip(5).ShouldBe(before.Split(',').Skip(5), "the replayed cards are the same with or without later signals");
        var closeMinus = data.Replay(rules, rules, asOf: "close-minus:5d", data: folder);
        File.ReadAllLines(Path.Combine(closeMinus.OutDirectory, "leads.csv")).Single(l => l.StartsWith("P-1,", StringComparison.Ordinal)).Split(',')[4]
            .ShouldBe("0", "5 days before close both signals had happened");
    }

    [Fact]
    public void Replay_GateOnAuc_FailsWhenHeadSeparatesWonFromLostWorse_ThoughTheVerdictSaysTheDropIsWithinNoise()
    {
        var @base = data.RulesCopy("gate-base");
        // Every intent rule worth 1 point: intent no longer tells buyers apart.
        var head = data.RulesCopy("gate-head", (file, node) =>
        {
            if (file == "intent.json")
            {
                foreach (var rule in node["Rules"]!.AsArray())
                {
                    rule!["Properties"]!["points"] = 1;
                }
            }
        });

        var (code, output, error, report, _) = data.Replay(@base, head, gate: new Gate(0.01, false, null));

        report.GetProperty("head").GetProperty("auc").GetDouble().ShouldBeLessThan(report.GetProperty("base").GetProperty("auc").GetDouble() - 0.01);
        code.ShouldBe(1);
        error.ShouldContain("gate failed: AUC fell");
        // 160 deals cannot tell a 0.03 drop from noise: the paired interval holds zero, so the verdict does not say "worse";
        // what it can say is that tier A emptied and MQL volume fell.
        output.ShouldContain("**volume moved**");
        output.ShouldContain(", within noise)");
        error.ShouldContain("gate failed: tier A emptied");
    }

    [Fact]
    public void Replay_UnknownAsOfPolicy_ExitsTwoWithTheChoices()
    {
        var rules = data.RulesCopy("asof");

        var (code, _, error, _, _) = data.Replay(rules, rules, asOf: "yesterday-ish");

        code.ShouldBe(2);
        error.ShouldContain("close-minus:Nd");
    }

    [SkippableFact]
    public void ReportHtml_InHeadlessChromium_LoadsWithTheNumbersAndNoConsoleErrorAndRendersToAScreenshot()
    {
        Skip.If(HeadlessChromium.Missing is not null, HeadlessChromium.Missing);
        var rules = data.RulesCopy("html");
        var (code, _, error, report, outDir) = data.Replay(rules, rules);
        code.ShouldBe(0, error);
        var html = Path.Combine(outDir, "report.html");
        var png = Path.Combine(outDir, "report.png");

        var (dom, console) = HeadlessChromium.Load(html);

        console.ShouldBeEmpty();
        dom.ShouldContain(report.GetProperty("head").GetProperty("auc").GetDouble().ToString("0.000", System.Globalization.CultureInfo.InvariantCulture));
        dom.ShouldContain("<h2>Summary</h2>");
        System.Text.RegularExpressions.Regex.Count(dom, "<svg [^>]*role=\"img\" aria-label=\"[^\"]+\"[^>]*><title>").ShouldBe(5, "each chart has a title: two distributions, band bars, lift curve, routing load");

        // The script a person runs to paste the page into a pull request.
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash",
            [Path.Combine(Repo.Root, "tools", "screenshots", "replay-report.sh"), html, png])
        { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.WaitForExit(60_000).ShouldBeTrue("chromium took over a minute");

        process.ExitCode.ShouldBe(0, process.StandardError.ReadToEnd());
        new FileInfo(png).Length.ShouldBeGreaterThan(20_000, "a blank page compresses to a few KB; the charts and tables do not");
    }

    [Fact]
    public void AucInterval_BootstrapOfASeparatingScore_BracketsTheAuc()
    {
        var random = new Random(3);
        var deals = Enumerable.Range(0, 2000).Select(i => i % 2 == 0).Select(won => ((decimal)Math.Round(random.NextDouble() * 60 + (won ? 20 : 0), 1), won)).ToArray();
        var auc = Core.Outcomes.OutcomeMetrics.Auc(deals.Select((d, i) => new Core.Outcomes.ScoredOutcome($"L{i}", d.Item1, "-", d.won ? Core.Outcomes.DealOutcome.Won : Core.Outcomes.DealOutcome.Lost)))!.Value;

        var (low, high) = Metrics.MetricsBuilder.AucInterval(deals);

        low!.Value.ShouldBeLessThan(auc);
        high!.Value.ShouldBeGreaterThan(auc);
        (high.Value - low.Value).ShouldBeLessThan(0.1, "2,000 deals pin the AUC down to a few points");
    }

    private HashSet<string> MovedDirectly(string baseRules, string headRules)
    {
        using var db = ScoreDatabase.Open(Path.Combine(data.Folder, $"direct-{Guid.NewGuid():N}.db"), FixedClock.Create());
        var importer = new Storage.Import.Importer(db);
        foreach (var (kind, file) in new[] { (Storage.Import.ImportKind.Leads, "leads.csv"), (Storage.Import.ImportKind.Signals, "signals.csv"), (Storage.Import.ImportKind.Deals, "deals.csv") })
        {
            importer.Import(Path.Combine(data.DataDirectory, file), new Storage.Import.ImportOptions(kind));
        }

        var @base = new LeadScorer(RuleSetLoader.Load(baseRules));
        var head = new LeadScorer(RuleSetLoader.Load(headRules));
        // Each lead's earliest closed deal with a creation date, scored as of that date.
        var deals = db.Outcomes.ClosedDeals().Where(d => d.CreatedAt is not null)
            .GroupBy(d => d.LeadId, StringComparer.Ordinal)
            .Select(g => (LeadId: g.Key, AsOf: g.Min(d => d.CreatedAt!.Value)))
            .ToList();
        var moved = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (leadId, asOf) in deals)
        {
            var lead = db.Leads.Get(leadId)!.Lead;
            var known = lead with { Signals = lead.Signals.Where(s => s.OccurredAt < asOf).ToArray() };
            if (lead.Signals.Count > 0 && known.Signals.Count == 0)
            {
                continue; // left out: nothing the lead did was known at the deal's creation
            }

            lead = known;
            if (@base.Score(lead, asOf).Tier?.Tier != head.Score(lead, asOf).Tier?.Tier)
            {
                moved.Add(leadId);
            }
        }

        return moved;
    }

    private static string Comparable(JsonElement version)
    {
        var copy = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(version.GetRawText())!;
        copy.Remove("side");
        copy.Remove("source");
        return JsonSerializer.Serialize(copy);
    }
}
