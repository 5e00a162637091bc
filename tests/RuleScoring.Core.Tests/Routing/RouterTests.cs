using System.Text.Json.Nodes;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Routing;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Tests.Support;
using RuleScoring.Tests.Support;
using Shouldly;

namespace RuleScoring.Core.Tests.Routing;

public sealed class RouterTests
{
    private static readonly Lazy<Router> Shipped = new(() => new Router(DefaultModel.RuleSet));

    // Friday 2026-11-20 17:00 UTC: New York 12:00, Los Angeles 09:00, London 17:00, Paris 18:00.
    private static readonly DateTimeOffset UsAfternoon = new(2026, 11, 20, 17, 0, 0, TimeSpan.Zero);

    private static Router Router => Shipped.Value;

    private static RouteDecision Queue(string queue) => new(queue, "test", "test", null, false);

    private static Lead LeadOf(LeadBuilder builder) => builder.Build();

    [Fact]
    public void Decide_EnterpriseInGermanyInTierA_GoesToTheEmeaAccountExecutives()
    {
        var lead = Some.IdealCustomer().With("employees", "5000").With("country", "Germany").Signal("demo_request", daysAgo: 1).Signal("pricing_view", daysAgo: 1);
        var card = DefaultModel.Score(lead);
        card.Tier!.Tier.ShouldBe("A");

        var decision = Router.Decide(card, LeadOf(lead), RouteAccount.None);

        decision.ShouldBe(new RouteDecision("ae_emea", "route.enterprise_emea", "territory EMEA, enterprise", null, false));
    }

    [Fact]
    public void Decide_RuleThatThrows_IsAnErrorAndTheLeadGoesToTheFallbackQueue()
    {
        using var rules = new RulesCopy().EditJson("routing.json", json =>
            json["Rules"]![0]!["Expression"] = "lead.Attr(\"region\").Substring(3) == \"EU\"");
        var router = new Router(RuleSetLoader.Load(rules.Directory));
        var lead = Some.IdealCustomer().Signal("demo_request", daysAgo: 1);

        var decision = router.Decide(DefaultModel.Score(lead), LeadOf(lead), RouteAccount.None);

        decision.Queue.ShouldBe("sdr_us");
        decision.Rule.ShouldBeNull();
        decision.Error.ShouldNotBeNull().ShouldContain("route.enterprise_emea");
        decision.Reason.ShouldContain("failed: fallback queue");
    }

    [Fact]
    public void Assign_SameStoredLoad_AlwaysTheSameMember()
    {
        Assignment Once()
        {
            var load = new RoutingLoad();
            load.AddTotal("ae_us", "maya.chen", 4);
            load.AddTotal("ae_us", "jordan.reed", 1);
            return Router.Assign(Queue("ae_us"), null, load, UsAfternoon);
        }

        var first = Once();
        Enumerable.Range(0, 20).Select(_ => Once()).ShouldAllBe(a => a == first);
        first.Owner.ShouldBe("jordan.reed");
    }

    [Fact]
    public void Assign_AccountWithAnOwner_GoesToTheOwnerEvenOverRoundRobin()
    {
        var load = new RoutingLoad();
        load.AddTotal("ae_emea", "sophie.martin", 50);

        var assignment = Router.Assign(new RouteDecision("ae_emea", "r", "territory EMEA", null, false), "sophie.martin", load, UsAfternoon);

        assignment.ShouldBe(new Assignment("ae_emea", "sophie.martin", AssignmentStatus.Assigned, "territory EMEA, account owner"));
    }

    [Fact]
    public void Assign_OwnerOutOfOffice_GoesToTheQueuesFallback()
    {
        // Jordan is away 2026-12-21..2027-01-01; ae_us falls back to sdr_us. Tuesday 17:00 UTC: the US SDRs work.
        var at = new DateTimeOffset(2026, 12, 22, 17, 0, 0, TimeSpan.Zero);

        var assignment = Router.Assign(Queue("ae_us"), "jordan.reed", new RoutingLoad(), at);

        assignment.Queue.ShouldBe("sdr_us");
        assignment.Owner.ShouldBeOneOf("tyler.brooks", "ana.lopez");
        assignment.Why.ShouldStartWith("test, owner out of office, fallback: queue sdr_us, round robin");
    }

    [Fact]
    public void Assign_AccountOwnerOfAnotherQueue_RoundRobinDecides()
    {
        var assignment = Router.Assign(Queue("ae_us"), "tyler.brooks", new RoutingLoad(), UsAfternoon);

        assignment.Owner.ShouldBe("maya.chen");
        assignment.Why.ShouldBe("test, account owner tyler.brooks is not in ae_us, round robin 1 of 2");
    }

    [Fact]
    public void Assign_UnknownOwnerInTheData_IsNamedAndRoundRobinDecides()
    {
        var assignment = Router.Assign(Queue("ae_us"), "nobody.here", new RoutingLoad(), UsAfternoon);

        assignment.Status.ShouldBe(AssignmentStatus.Assigned);
        assignment.Why.ShouldContain("account owner nobody.here is not in teams.json");
    }

    [Fact]
    public void Assign_WeightedRoundRobin_SplitsByWeight()
    {
        // Maya has weight 2, Jordan 1.
        var load = new RoutingLoad();
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < 300; i++)
        {
            var a = Router.Assign(Queue("ae_us"), null, load, UsAfternoon);
            counts[a.Owner!] = counts.GetValueOrDefault(a.Owner!) + 1;
            load.AddTotal(a.Queue, a.Owner!, 1);
        }

        counts.ShouldBe(new Dictionary<string, int> { ["maya.chen"] = 200, ["jordan.reed"] = 100 });
    }

    [Fact]
    public void Assign_RoundRobin_SaysWhichOfHowMany()
    {
        var assignment = Router.Assign(Queue("sdr_us"), null, new RoutingLoad(), UsAfternoon);

        assignment.Why.ShouldBe("test, round robin 1 of 2");
    }

    [Fact]
    public void Assign_MemberAtCapacityForTheirDay_IsPassedOverThenTheQueueFallsBack()
    {
        var load = new RoutingLoad();
        for (var i = 0; i < 10; i++)
        {
            load.AddRecent("maya.chen", UsAfternoon.AddHours(-1));
        }

        Router.Assign(Queue("ae_us"), null, load, UsAfternoon).Owner.ShouldBe("jordan.reed");

        for (var i = 0; i < 6; i++)
        {
            load.AddRecent("jordan.reed", UsAfternoon.AddHours(-2));
        }

        var full = Router.Assign(Queue("ae_us"), null, load, UsAfternoon);
        full.Queue.ShouldBe("sdr_us");
        full.Why.ShouldContain("nobody in ae_us available (2 at capacity)");

        // The next local day (Saturday is not a working day; Monday is) starts from zero.
        Router.Assign(Queue("ae_us"), null, load, UsAfternoon.AddDays(3)).Owner.ShouldBe("maya.chen");
    }

    [Fact]
    public void Assign_NobodyWorkingAnywhere_IsHeldInTheLastQueue()
    {
        // Saturday: no member works weekends; ae_us -> sdr_us -> sdr_emea, which holds.
        var saturday = new DateTimeOffset(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

        var assignment = Router.Assign(Queue("ae_us"), null, new RoutingLoad(), saturday);

        assignment.ShouldBe(new Assignment("sdr_emea", null, AssignmentStatus.Held,
            "test, nobody in ae_us available (2 out of hours), fallback: queue sdr_us, nobody in sdr_us available (2 out of hours), fallback: queue sdr_emea, nobody in sdr_emea available (2 out of hours), fallback: hold"));
    }

    [Fact]
    public void Assign_ReRoute_ExcludesTheCurrentOwner()
    {
        var assignment = Router.Assign(Queue("sdr_us"), null, new RoutingLoad(), UsAfternoon, exclude: "tyler.brooks");

        assignment.Owner.ShouldBe("ana.lopez");
    }

    [Theory]
    // London leaves summer time on 2026-10-25, New York on 2026-11-01: the week between, they are 4 hours apart, not 5.
    [InlineData("priya.shah", "2026-10-21T07:30:00Z", true)]   // 08:30 BST
    [InlineData("priya.shah", "2026-10-28T07:30:00Z", false)]  // 07:30 GMT
    [InlineData("priya.shah", "2026-10-28T17:30:00Z", true)]   // 17:30 GMT
    [InlineData("tyler.brooks", "2026-10-28T11:30:00Z", true)] // 07:30 EDT
    [InlineData("tyler.brooks", "2026-11-04T11:30:00Z", false)] // 06:30 EST
    [InlineData("tyler.brooks", "2026-03-09T11:30:00Z", true)] // 07:30 EDT (US spring forward 2026-03-08)
    [InlineData("priya.shah", "2026-03-09T07:30:00Z", false)]  // 07:30 GMT (UK spring forward 2026-03-29)
    [InlineData("priya.shah", "2026-03-30T07:30:00Z", true)]   // 08:30 BST
    public void Member_WorkingHours_FollowTheirZoneAcrossDaylightSaving(string member, string utc, bool working)
    {
        Router.Teams.Members[member].IsWorking(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(working);
    }

    [Fact]
    public void Plays_StrongestReasonWithAPlay_ChoosesIt()
    {
        var lead = Some.IdealCustomer().Signal("demo_request", daysAgo: 1).Signal("pricing_view", daysAgo: 1);
        var card = DefaultModel.Score(lead);

        var choice = Router.Plays!.Choose(card).ShouldNotBeNull();

        choice.Play.Name.ShouldBe("demo_fast_follow");
        choice.Reason.ShouldBe("intent.demo_request");
    }

    [Fact]
    public void Plays_NoReasonWithAPlay_TheTiersDefault()
    {
        var lead = Some.IdealCustomer().With("employees", "5000").Signal("webinar_attended", daysAgo: 1).Signal("ebook_download", daysAgo: 2);
        var card = DefaultModel.Score(lead);

        var choice = Router.Plays!.Choose(card);

        if (card.Tier!.Tier is "A" or "B")
        {
            choice.ShouldNotBeNull().Play.Name.ShouldBe(card.Tier.Tier == "A" ? "tier_a_default" : "tier_b_default");
            choice.Reason.ShouldBeNull();
        }
        else
        {
            choice.ShouldBeNull();
        }
    }
}
