using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Output;
using RuleScoring.Core.Routing;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Replay.Data;
using RuleScoring.Replay.Reports;
using RuleScoring.Replay.Routing;

namespace RuleScoring.Replay.Tests;

/// <summary>
/// The replay's routing load on hand-made deals whose numbers are counted by hand: every tier is
/// routed (teams.json routedTiers A-D), so each replayed deal's lead is routed once per version.
/// </summary>
public sealed class RoutingLoadTests : IDisposable
{
    // Monday 2026-03-02 starts ISO week 2026-W10; at 09:00 UTC the London SDRs work, the US ones not yet.
    private static readonly DateTimeOffset Week10 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly HandMadeDeals _deals = new();

    public void Dispose() => _deals.Dispose();

    /// <summary>
    /// 15 deals in 2026-W10 (three a day, Monday to Friday) and 5 in 2026-W11 (Monday and
    /// Tuesday), every lead a 300-employee company in <paramref name="country"/>, won and lost in turn.
    /// </summary>
    private static List<HandMadeDeal> TwoWeeks(string country = "United States")
    {
        var at = Enumerable.Range(0, 15).Select(i => Week10.AddDays(i / 3).AddMinutes(i % 3))
            .Concat(Enumerable.Range(0, 5).Select(i => Week10.AddDays(7 + i / 3).AddMinutes(i % 3)))
            .ToList();
        return at.Select((a, i) => new HandMadeDeal($"R-{i:00}", a, i % 2 == 0,
            HandMadeDeals.Attributes(("email", $"vp{i}@acme-co{i}.com"), ("employees", "300"), ("industry", "Software"), ("country", country), ("title", "VP Sales")))).ToList();
    }

    /// <summary>Every tier routed, and the EMEA SDRs take one lead a day each (10 a week between them).</summary>
    private static void EveryTierRoutedSmallEmeaDesk(string file, JsonNode node)
    {
        if (file == "teams.json")
        {
            node["routedTiers"] = new JsonArray("A", "B", "C", "D");
            node["members"]!["liam.oconnor"]!["capacityPerDay"] = 1;
            node["members"]!["priya.shah"]!["capacityPerDay"] = 1;
        }
    }

    private (int Code, string Output, string Error, JsonElement Routing, string Markdown, string Html) Replay(string @base, string head, string data, string? rules = null)
    {
        var outDir = Path.Combine(_deals.Folder, "out-" + Guid.NewGuid().ToString("N"));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = ReplayCommand.Run(new ReplayCommand.Settings(@base, head, rules ?? head, null, data, "created", null, outDir, new Gate(null, false, null)),
            FixedClock.Create(), output, error);
        var reportFile = Path.Combine(outDir, "report.json");
        File.Exists(reportFile).ShouldBeTrue(error.ToString());
        var routing = JsonDocument.Parse(File.ReadAllText(reportFile)).RootElement.GetProperty("routing").Clone();
        return (code, output.ToString(), error.ToString(), routing, File.ReadAllText(Path.Combine(outDir, "report.md")), File.ReadAllText(Path.Combine(outDir, "report.html")));
    }

    private static JsonElement Queue(JsonElement routing, string queue) =>
        routing.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("queue").GetString() == queue);

    [Fact]
    public void RoutingLoad_HeadSendsMoreToAQueueThanItsCapacity_SaysSoWithTheHandCountedNumbers()
    {
        var data = _deals.Write(TwoWeeks());
        var @base = _deals.RulesCopy(EveryTierRoutedSmallEmeaDesk);
        // Head sends the rest of the world to the EMEA desk instead of the US one.
        var head = _deals.RulesCopy((file, node) =>
        {
            EveryTierRoutedSmallEmeaDesk(file, node);
            if (file == "routing.json")
            {
                TheRule(node, "route.sdr_americas")["Properties"]!["queue"] = "sdr_emea";
            }
        });

        var (code, output, error, routing, markdown, html) = Replay(@base, head, data);

        code.ShouldBe(0, error);
        // Base: all 20 to sdr_us (15 in W10, 5 in W11); head: all 20 to sdr_emea, whose two members take one a day each: 2 x 5 days = 10 a week.
        var emea = Queue(routing, "sdr_emea");
        emea.GetProperty("base").GetProperty("leads").GetInt32().ShouldBe(0);
        var emeaHead = emea.GetProperty("head");
        emeaHead.GetProperty("leads").GetInt32().ShouldBe(20);
        emeaHead.GetProperty("mean").GetDouble().ShouldBe(10);
        emeaHead.GetProperty("peak").GetInt32().ShouldBe(15);
        emeaHead.GetProperty("peak_week").GetString().ShouldBe("2026-W10");
        emeaHead.GetProperty("peak_week_capacity").GetInt32().ShouldBe(10);
        emeaHead.GetProperty("weeks_over_capacity").GetInt32().ShouldBe(1);
        emea.GetProperty("change").GetDouble().ShouldBe(10);
        var us = Queue(routing, "sdr_us");
        us.GetProperty("base").GetProperty("peak").GetInt32().ShouldBe(15);
        us.GetProperty("change").GetDouble().ShouldBe(-10);
        // 25 a day each for the US desk: 250 a week, never exceeded; so only the EMEA desk gets a sentence.
        var sentence = "head routes 10 more a week to sdr_emea than base (peak week 2026-W10: 15); capacity 10, exceeded in 1 of 2 weeks";
        routing.GetProperty("over_capacity").EnumerateArray().Select(s => s.GetString()).ShouldBe([sentence]);
        output.ShouldContain(MarkdownText.Text(sentence));
        markdown.ShouldContain(MarkdownText.Text(sentence));
        html.ShouldContain("<title>head sdr_emea: 150.0 %</title>", Case.Sensitive, "the busiest week's 15 leads against 10 that week, charted");
        var moves = routing.GetProperty("moves").EnumerateArray().ToList();
        moves.Count.ShouldBe(1);
        (moves[0].GetProperty("from").GetString(), moves[0].GetProperty("to").GetString(), moves[0].GetProperty("leads").GetInt32()).ShouldBe(("sdr_us", "sdr_emea", 20));
        markdown.ShouldContain("**Routing:** 20 routed leads go to another queue under head: 20 sdr_us -> sdr_emea; " + MarkdownText.Text(sentence) + ".");
        html.ShouldContain(HtmlText.Encode(sentence));
        // Each EMEA SDR took one a day (5 + 2 days), the rest waited: sdr_emea holds when nobody can take a lead.
        var head2 = routing.GetProperty("head");
        head2.GetProperty("routed").GetInt32().ShouldBe(20);
        head2.GetProperty("held").GetInt32().ShouldBe(20 - 14);
        routing.GetProperty("reps").EnumerateArray().Where(r => r.GetProperty("member").GetString() is "liam.oconnor" or "priya.shah")
            .Select(r => r.GetProperty("head").GetProperty("leads").GetInt32()).ShouldBe([7, 7]);
    }

    [Fact]
    public void RoutingLoad_BaseWithoutRoutingJson_SaysBaseHasNoRoutingInsteadOfZeros()
    {
        var data = _deals.Write(TwoWeeks());
        // An old rules version in git, from before routing: no routing.json, teams.json or plays.json.
        var repo = Path.Combine(_deals.Folder, "git-" + Guid.NewGuid().ToString("N"));
        var rules = Path.Combine(repo, "rules");
        RuleScoring.Tests.Support.RulesCopy.Rewritten(rules, EveryTierRoutedSmallEmeaDesk);
        var routingFiles = new[] { "routing.json", "teams.json", "plays.json" }.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(rules, f)));
        foreach (var file in routingFiles.Keys)
        {
            File.Delete(Path.Combine(rules, file));
        }

        Git(repo, "init", "--quiet", "--initial-branch=main");
        Git(repo, "add", "-A");
        Git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", "commit", "--quiet", "-m", "before routing");
        foreach (var (file, text) in routingFiles)
        {
            File.WriteAllText(Path.Combine(rules, file), text);
        }

        var (code, output, error, routing, _, _) = Replay("HEAD", rules, data);

        code.ShouldBe(0, error);
        routing.GetProperty("base").ValueKind.ShouldBe(JsonValueKind.Null);
        routing.GetProperty("head").GetProperty("routed").GetInt32().ShouldBe(20);
        var us = Queue(routing, "sdr_us");
        us.GetProperty("base").ValueKind.ShouldBe(JsonValueKind.Null);
        us.GetProperty("change").ValueKind.ShouldBe(JsonValueKind.Null);
        us.GetProperty("head").GetProperty("leads").GetInt32().ShouldBe(20);
        routing.GetProperty("missing_side").GetString().ShouldNotBeNull().ShouldStartWith("base has no routing");
        output.ShouldContain("base has no routing");
        output.ShouldContain("| sdr_us | - | 10 / 15 (2026-W10) | - | 250 |");
    }

    [Fact]
    public void RoutingLoad_DealFileInAnotherOrderWithTiedPoints_CountsTheSame()
    {
        // Every lead of a day at the same minute: the order among them is the lead ids', not the file's.
        var deals = TwoWeeks().Select(d => d with { At = new DateTimeOffset(d.At.Date, d.At.Offset).AddHours(9) }).ToList();
        var inOrder = _deals.Write(deals);
        var shuffled = _deals.Write(deals.OrderBy(d => int.Parse(d.LeadId[2..], CultureInfo.InvariantCulture) % 3).ThenByDescending(d => d.LeadId, StringComparer.Ordinal).ToList());
        File.ReadAllLines(Path.Combine(shuffled, "deals.csv")).ShouldNotBe(File.ReadAllLines(Path.Combine(inOrder, "deals.csv")));
        var rules = _deals.RulesCopy(EveryTierRoutedSmallEmeaDesk);
        var head = _deals.RulesCopy((file, node) =>
        {
            EveryTierRoutedSmallEmeaDesk(file, node);
            if (file == "routing.json")
            {
                TheRule(node, "route.sdr_americas")["Properties"]!["queue"] = "sdr_emea";
            }
        });

        var first = Replay(rules, head, inOrder);
        var second = Replay(rules, head, shuffled);

        first.Code.ShouldBe(0, first.Error);
        second.Routing.GetRawText().ShouldBe(first.Routing.GetRawText());
        Queue(first.Routing, "sdr_emea").GetProperty("head").GetProperty("peak").GetInt32().ShouldBe(15);
    }

    [Fact]
    public void RoutingLoad_RoutingRuleThatThrows_SendsTheLeadsToTheFallbackQueueAndCountsThemThere()
    {
        var data = _deals.Write(TwoWeeks("Germany"));
        var @base = _deals.RulesCopy(EveryTierRoutedSmallEmeaDesk);
        var head = _deals.RulesCopy((file, node) =>
        {
            EveryTierRoutedSmallEmeaDesk(file, node);
            if (file == "routing.json")
            {
                // No lead has a region: Substring(3) of "" throws on every lead, before any rule can match.
                TheRule(node, "route.enterprise_emea")["Expression"] = "lead.Attr(\"region\").Substring(3) == \"EU\"";
            }
        });

        var (code, output, error, routing, _, _) = Replay(@base, head, data);

        code.ShouldBe(0, error);
        // Base: German leads to the EMEA SDRs; head: every lead to teams.json's fallback queue, sdr_us.
        Queue(routing, "sdr_emea").GetProperty("base").GetProperty("leads").GetInt32().ShouldBe(20);
        Queue(routing, "sdr_emea").GetProperty("head").GetProperty("leads").GetInt32().ShouldBe(0);
        Queue(routing, "sdr_us").GetProperty("head").GetProperty("leads").GetInt32().ShouldBe(20);
        var head2 = routing.GetProperty("head");
        head2.GetProperty("fallback_queue").GetString().ShouldBe("sdr_us");
        head2.GetProperty("rule_failed").GetInt32().ShouldBe(20);
        head2.GetProperty("first_error").GetString().ShouldNotBeNull().ShouldContain("route.enterprise_emea");
        routing.GetProperty("base").GetProperty("rule_failed").GetInt32().ShouldBe(0);
        output.ShouldContain("20 as a rule failed");
    }

    [Fact]
    public void RoutingLoad_NoDealInARoutedTier_SaysSo()
    {
        var data = _deals.Write(TwoWeeks());
        var rules = _deals.RulesCopy((file, node) =>
        {
            if (file == "teams.json")
            {
                // Only A is routed, and none of these mid-sized companies without signals reaches it.
                node["routedTiers"] = new JsonArray("A");
            }
        });

        var (code, output, error, routing, _, html) = Replay(rules, rules, data);

        code.ShouldBe(0, error);
        routing.GetProperty("empty").GetString().ShouldBe("no deal reached a routed tier (A)");
        output.ShouldContain("**Routing load**: no deal reached a routed tier (A).");
        html.ShouldNotContain("Routing load: each queue");
    }

    [Fact]
    public void RouteReplay_CasesInAnyOrder_AssignTheSameWay()
    {
        // Ten leads at one instant and ten a minute later: round robin's turn depends on the order among ties.
        var rules = RuleSetLoader.Load(_deals.RulesCopy(EveryTierRoutedSmallEmeaDesk));
        var router = Router.For(rules).ShouldNotBeNull();
        var score = Replayer.Leads(new LeadScorer(rules), router);
        var cases = TwoWeeks("Germany").Select(d => d.LeadId)
            .Select((id, i) => new ReplayCase(new Lead(id, HandMadeDeals.Attributes(("employees", "300"), ("country", "Germany")), []), Week10.AddMinutes(i / 10), i % 2 == 0, null, 0))
            .Select(c => new ReplayedCase(c, score(c), score(c)))
            .ToList();

        var inOrder = RouteReplay.Run(cases, c => c.Head, router);
        var reversed = RouteReplay.Run(cases.AsEnumerable().Reverse().ToList(), c => c.Head, router);

        inOrder.Count.ShouldBe(20);
        reversed.ShouldBe(inOrder);
        inOrder.Select(r => r.Assignment.Owner).Distinct().Count().ShouldBe(3, "two SDRs take one each, the rest is held (no owner)");
    }

    [Fact]
    public void RoutingLoad_AccountLevelOrNoRoutingOnEitherSide_SaysWhyInsteadOfATable()
    {
        var router = Router.For(RuleSetLoader.Load(_deals.RulesCopy()));

        RoutingLoadBuilder.Build([], ReplayLevel.Account, router, router).Empty.ShouldBe("not replayed at account level: routing routes leads (replay at --level lead for it)");
        RoutingLoadBuilder.Build([], ReplayLevel.Lead, null, null).Empty.ShouldBe("neither version has routing (no routing.json)");
        RoutingLoadBuilder.Build([], ReplayLevel.Lead, router, null).Empty.ShouldBe("no deal reached a routed tier (A, B)");
    }

    [Fact]
    public void Capacity_AWeek_IsTheMembersWorkingDaysNotOutOfOffice()
    {
        var teams = Router.For(RuleSetLoader.Load(_deals.RulesCopy((file, node) =>
        {
            if (file == "teams.json")
            {
                node["members"]!["sophie.martin"]!["days"] = new JsonArray("Mon", "Tue", "Wed", "Thu");
            }
        })))!.Teams;
        var jordan = teams.Members["jordan.reed"];

        // Jordan: 6 a day, out of office 2026-12-21..2027-01-01; Sophie: 8 a day, four days a week.
        RoutingLoadBuilder.Capacity(jordan, new DateOnly(2026, 12, 14)).ShouldBe(30);
        RoutingLoadBuilder.Capacity(jordan, new DateOnly(2026, 12, 21)).ShouldBe(0);
        RoutingLoadBuilder.Capacity(jordan, new DateOnly(2027, 1, 4)).ShouldBe(30);
        RoutingLoadBuilder.Capacity(teams.Members["sophie.martin"], new DateOnly(2026, 12, 14)).ShouldBe(32);
        RoutingLoadBuilder.Label(RoutingLoadBuilder.Monday(new DateTimeOffset(2027, 1, 3, 23, 0, 0, TimeSpan.Zero))).ShouldBe("2026-W53");
    }

    private static JsonObject TheRule(JsonNode workflow, string name) => RuleScoring.Tests.Support.RulesCopy.Rule(workflow, name);

    private static void Git(string directory, params string[] args)
    {
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, process.StandardError.ReadToEnd());
    }
}
