using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Routing;

/// <summary>A tier whose slaClock is "business": the task opened with the card counts the routed owner's hours; both stores.</summary>
[Collection(TestPostgres.Collection)]
public sealed class BusinessHoursSlaTests(TestPostgres postgres, ITestOutputHelper output)
{
    // Friday 2026-11-20 19:00 UTC: London 19:00, after Priya Shah (08:00-18:00) and Liam O'Connor (07:00-19:00) stop.
    private static readonly DateTimeOffset FridayEvening = new(2026, 11, 20, 19, 0, 0, TimeSpan.Zero);

    // The shipped tier A says business (rules 1.2.0); the wall-clock case sets it back explicitly.
    private static readonly Lazy<LeadScorer> BusinessTierA = new(() => TierAOn("business"));
    private static readonly Lazy<LeadScorer> WallTierA = new(() => TierAOn("wall"));

    private static LeadScorer TierAOn(string clock)
    {
        using var rules = new RulesCopy().EditJson("tiers.json", t =>
            t["Rules"]!.AsArray().Single(r => (string?)r!["RuleName"] == "tier.A")!["Properties"]!["slaClock"] = clock);
        return new LeadScorer(RuleSetLoader.Load(rules.Directory));
    }

    private static Lead Hot(string id, string email, string? owner = null) =>
        HotLeads.Hot(id, email, FridayEvening, "United Kingdom", owner: owner);

    [Fact]
    public void Sqlite_BusinessClockTier_TaskIsDueInTheOwnersHoursOrSaysWhyNot() => BusinessClockTier(new TempDb().Db);

    [SkippableFact]
    public void Postgres_BusinessClockTier_TaskIsDueInTheOwnersHoursOrSaysWhyNot()
    {
        postgres.SkipUnlessAvailable(output);
        BusinessClockTier(ScoreDatabase.Open(postgres.CreateDatabase(), FixedClock.Create()));
    }

    private static void BusinessClockTier(ScoreDatabase db)
    {
        using var _ = db;
        db.Leads.Save([Hot("L-owned", "ann@tesco-like.co.uk", owner: "priya.shah"), Hot("L-held", "bo@boots-like.co.uk")]);

        new Rescorer(db, BusinessTierA.Value).RescoreAll(FridayEvening);

        // Priya owns the account and gets it out of hours: 15 minutes of her time is Monday 08:15 London.
        db.Routing.ForLead("L-owned").ShouldNotBeNull().Owner.ShouldBe("priya.shah");
        var owned = db.Sla.ForLead("L-owned").ShouldHaveSingleItem();
        owned.Tier.ShouldBe("A");
        owned.OpenedAt.ShouldBe(FridayEvening);
        owned.DueAt.ShouldBe(new DateTimeOffset(2026, 11, 23, 8, 15, 0, TimeSpan.Zero));
        owned.Clock.ShouldBe("business hours of Priya Shah");
        owned.ClockZone.ShouldBe("Europe/London");

        // Nobody in sdr_emea works now and its fallback holds: no rep's hours, so the wall clock, and why.
        db.Routing.ForLead("L-held").ShouldNotBeNull().Status.ShouldBe("held");
        var held = db.Sla.ForLead("L-held").ShouldHaveSingleItem();
        held.DueAt.ShouldBe(FridayEvening.AddMinutes(15));
        held.Clock.ShouldBe("wall clock: held in sdr_emea with nobody assigned");
        held.ClockZone.ShouldBeNull();

        // The monitor on Friday night breaches the held lead's task, not Priya's.
        db.Sla.Sweep(FridayEvening.AddHours(1)).Breached.Select(t => t.LeadId).ShouldBe(["L-held"]);
    }

    [Fact]
    public void Sqlite_WallClockTier_TaskHasNoClockNote()
    {
        using var temp = new TempDb();
        temp.Db.Leads.Save([Hot("L-owned", "ann@tesco-like.co.uk", owner: "priya.shah")]);

        new Rescorer(temp.Db, WallTierA.Value).RescoreAll(FridayEvening);

        var task = temp.Db.Sla.ForLead("L-owned").ShouldHaveSingleItem();
        task.DueAt.ShouldBe(FridayEvening.AddMinutes(15));
        task.Clock.ShouldBeNull();
        task.ClockZone.ShouldBeNull();
    }
}
