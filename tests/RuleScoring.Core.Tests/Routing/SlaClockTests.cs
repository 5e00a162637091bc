using System.Text.Json.Nodes;
using RuleScoring.Core.Routing;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tests.Support;
using RuleScoring.Core.Tiers;
using RuleScoring.Tests.Support;
using Shouldly;

namespace RuleScoring.Core.Tests.Routing;

/// <summary>tiers.json's slaClock: read, validated against teams.json, and turned into a task's due time by the router.</summary>
public sealed class SlaClockTests
{
    // Friday 2026-11-20 17:00 UTC: London 17:00, an hour before Priya Shah (08:00-18:00 Europe/London) stops.
    private static readonly DateTimeOffset FridayFive = new(2026, 11, 20, 17, 0, 0, TimeSpan.Zero);

    private static IEnumerable<string> Problems(RulesCopy rules, RuleProblemSeverity severity) =>
        RuleSetLoader.Validate(rules.Directory).Problems.Where(p => p.Severity == severity).Select(p => p.ToString());

    private static RulesCopy WithClock(string rule, string? clock, string? sla = null) => new RulesCopy().EditJson("tiers.json", t =>
    {
        var props = t["Rules"]!.AsArray().Single(r => (string?)r!["RuleName"] == rule)!["Properties"]!;
        props["slaClock"] = clock;
        if (sla is not null)
        {
            props["sla"] = sla;
        }
    });

    private static ScoreCard CardIn(string tierRule, string tier, string sla, TimeSpan slaSpan, DateTimeOffset asOf)
    {
        var card = DefaultModel.Score(Some.IdealCustomer().Signal("demo_request", daysAgo: 1));
        return card with { AsOf = asOf, Tier = new TierAssignment(tier, tierRule, sla, asOf + slaSpan, "Call", "Pause", null, true, true) };
    }

    [Fact]
    public void Load_NoSlaClock_IsTheWallClock()
    {
        DefaultModel.RuleSet.TierRules.Where(t => t.Tier == "B").ShouldAllBe(t => t.Clock == SlaClock.Wall);
    }

    [Fact]
    public void Load_ShippedTierA_CountsBusinessHours()
    {
        DefaultModel.RuleSet.TierRules.Single(t => t.Name == "tier.A").Clock.ShouldBe(SlaClock.Business);
    }

    [Fact]
    public void Load_SlaClockBusiness_IsReadOntoTheTierRule()
    {
        using var rules = WithClock("tier.B", "business");

        RuleSetLoader.Load(rules.Directory).TierRules.Single(t => t.Name == "tier.B").Clock.ShouldBe(SlaClock.Business);
    }

    [Fact]
    public void Validate_UnknownSlaClock_IsAnErrorOnTheRulesLine()
    {
        using var rules = WithClock("tier.B", "office");

        Problems(rules, RuleProblemSeverity.Error).ShouldContain(e => e.StartsWith("tiers.json:", StringComparison.Ordinal)
            && e.Contains("rule 'tier.B': slaClock \"office\" must be \"wall\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UnknownSlaClock_NamesTheLineOfTheRule()
    {
        using var rules = WithClock("tier.B", "office");
        var line = File.ReadAllLines(Path.Combine(rules.Directory, "tiers.json")).ToList().FindIndex(l => l.Contains("\"tier.B\"", StringComparison.Ordinal)) + 1;

        RuleSetLoader.Validate(rules.Directory).Problems.ShouldContain(p => p.File == "tiers.json" && p.Line == line && p.Message.Contains("slaClock"));
    }

    [Fact]
    public void Validate_BusinessClockOnATierWithoutSla_IsAnError()
    {
        using var rules = WithClock("tier.C", "business");

        Problems(rules, RuleProblemSeverity.Error).ShouldContain(e => e.Contains("rule 'tier.C': slaClock \"business\" has no SLA to count", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BusinessClockWithoutTeams_IsAWarning()
    {
        using var rules = WithClock("tier.B", "business");
        File.Delete(Path.Combine(rules.Directory, "teams.json"));
        File.Delete(Path.Combine(rules.Directory, "routing.json"));

        Problems(rules, RuleProblemSeverity.Error).ShouldBeEmpty();
        Problems(rules, RuleProblemSeverity.Warning).ShouldContain(e => e.StartsWith("tiers.json:", StringComparison.Ordinal)
            && e.Contains("rule 'tier.B': slaClock \"business\" counts the assigned rep's working hours, but there is no teams.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BusinessClockOnATierTeamsDoesNotRoute_IsAWarning()
    {
        using var rules = WithClock("tier.B", "business");
        rules.EditJson("teams.json", t => t["routedTiers"] = new JsonArray("A"));

        Problems(rules, RuleProblemSeverity.Warning).ShouldContain(e => e.Contains("tier B is not in teams.json's routedTiers", StringComparison.Ordinal));
        Problems(rules, RuleProblemSeverity.Error).ShouldBeEmpty();
    }

    [Fact]
    public void SlaDue_WallClockTier_IsTheCardsFollowUpTime()
    {
        var router = new Router(DefaultModel.RuleSet);
        var card = CardIn("tier.B", "B", "24h", TimeSpan.FromHours(24), FridayFive);

        router.SlaDue(card, "sdr_emea", "priya.shah").ShouldBe(new SlaDue(FridayFive.AddHours(24), null, null));
    }

    [Fact]
    public void SlaDue_BusinessClockTier_CountsTheOwnersWorkingHours()
    {
        using var rules = WithClock("tier.B", "business", sla: "3h");
        var router = new Router(RuleSetLoader.Load(rules.Directory));
        var card = CardIn("tier.B", "B", "3h", TimeSpan.FromHours(3), FridayFive);

        // An hour of Friday, two of Monday from 08:00 London.
        router.SlaDue(card, "sdr_emea", "priya.shah")
            .ShouldBe(new SlaDue(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), "Europe/London", "business hours of Priya Shah"));
    }

    [Fact]
    public void SlaDue_HeldLead_FallsBackToTheWallClockAndSaysWhy()
    {
        using var rules = WithClock("tier.B", "business", sla: "3h");
        var router = new Router(RuleSetLoader.Load(rules.Directory));
        var card = CardIn("tier.B", "B", "3h", TimeSpan.FromHours(3), FridayFive);

        router.SlaDue(card, "sdr_emea", null).ShouldBe(new SlaDue(FridayFive.AddHours(3), null, "wall clock: held in sdr_emea with nobody assigned"));
        router.SlaDue(card, null, null).Clock.ShouldBe("wall clock: the lead was not routed, so no rep's hours to count");
    }

    [Fact]
    public void SlaDue_OwnerWithNoWorkingDays_FallsBackToTheWallClockAndSaysWhy()
    {
        using var rules = WithClock("tier.B", "business", sla: "3h");
        rules.EditJson("teams.json", t => t["members"]!["dana.whitfield"]!["days"] = new JsonArray());
        var router = new Router(RuleSetLoader.Load(rules.Directory));
        var card = CardIn("tier.B", "B", "3h", TimeSpan.FromHours(3), FridayFive);

        router.SlaDue(card, "sdr_emea", "dana.whitfield")
            .ShouldBe(new SlaDue(FridayFive.AddHours(3), null, "wall clock: Dana Whitfield has no working hours ahead (working days, out of office)"));
    }

    [Fact]
    public void SlaDue_OwnerNotInTeams_FallsBackToTheWallClock()
    {
        using var rules = WithClock("tier.B", "business", sla: "3h");
        var router = new Router(RuleSetLoader.Load(rules.Directory));
        var card = CardIn("tier.B", "B", "3h", TimeSpan.FromHours(3), FridayFive);

        router.SlaDue(card, "sdr_emea", "someone.gone").Clock.ShouldBe("wall clock: owner someone.gone is not in teams.json");
    }
}
