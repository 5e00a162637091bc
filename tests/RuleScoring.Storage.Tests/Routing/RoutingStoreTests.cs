using Dapper;
using RuleScoring.Core.Leads;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Routing;

/// <summary>Routing as the store does it: in the card's transaction, sticky per account, escalated and re-routed by the SLA monitor; both stores.</summary>
[Collection(TestPostgres.Collection)]
public sealed class RoutingStoreTests(TestPostgres postgres, ITestOutputHelper output)
{
    // Friday 2026-11-20 17:00 UTC: New York 12:00, Chicago 11:00, London 17:00.
    private static readonly DateTimeOffset Friday = new(2026, 11, 20, 17, 0, 0, TimeSpan.Zero);

    private static Lead Hot(string id, string email, string country = "United States", string employees = "300", string? owner = null) =>
        HotLeads.Hot(id, email, Friday, country, employees, owner);

    private static void Score(ScoreDatabase db, DateTimeOffset asOf) => new Rescorer(db, Scoring.Scorer).RescoreAll(asOf);

    private static List<(string Kind, string LeadId)> Outbox(ScoreDatabase db) =>
        db.Scores.ChangesAfter(0).Select(c => (c.Kind, c.LeadId)).ToList();

    [Fact]
    public void Sqlite_LeadEnteringARoutedTier_IsAssignedWithWhyInTheCardsTransaction() => LeadEnteringARoutedTier(new TempDb().Db);

    [SkippableFact]
    public void Postgres_LeadEnteringARoutedTier_IsAssignedWithWhyInTheCardsTransaction()
    {
        postgres.SkipUnlessAvailable(output);
        LeadEnteringARoutedTier(ScoreDatabase.Open(postgres.CreateDatabase(), FixedClock.Create()));
    }

    private static void LeadEnteringARoutedTier(ScoreDatabase db)
    {
        using var _ = db;
        db.Leads.Save([Hot("L-us", "kim@northwind.com"), Hot("L-de", "jan@kontor.de", "Germany", "5000")]);

        Score(db, Friday);

        var us = db.Routing.ForLead("L-us").ShouldNotBeNull();
        us.Queue.ShouldBe("sdr_us");
        us.Owner.ShouldBeOneOf("tyler.brooks", "ana.lopez");
        us.Status.ShouldBe("assigned");
        us.Why.ShouldBe("territory Americas, round robin 1 of 2");
        us.Play.ShouldNotBeNull().ShouldContain("\"name\":\"demo_fast_follow\"");
        var de = db.Routing.ForLead("L-de").ShouldNotBeNull();
        // 18:00 in Paris and Berlin: the EMEA account executives have left; their queue falls back to the EMEA SDRs (London, 17:00).
        de.Rule.ShouldBe("route.enterprise_emea");
        de.Queue.ShouldBe("sdr_emea");
        de.Why.ShouldBe("territory EMEA, enterprise, nobody in ae_emea available (2 out of hours), fallback: queue sdr_emea, round robin 1 of 2");
        // Each lead's tier change comes before its routing in the outbox (a receiver hears them in order).
        Outbox(db).ShouldBe([("tier_changed", "L-de"), ("tier_changed", "L-us"), ("routed", "L-de"), ("routed", "L-us")]);
        var routed = db.Scores.ChangesAfter(0)[^1];
        db.Routing.Step(routed.RouteStepId!.Value).ShouldNotBeNull().Owner.ShouldBe(us.Owner);
        db.Routing.Steps("L-us").Select(s => (s.Kind, s.At)).ShouldBe([("routed", Friday)]);

        // A rescore in the same tier and queue keeps the lead where it is.
        Score(db, Friday.AddHours(1));
        db.Routing.Steps("L-us").Count.ShouldBe(1);
        db.Routing.ForLead("L-us")!.Owner.ShouldBe(us.Owner);
    }

    [Fact]
    public void Sqlite_SecondContactOfAnAccount_GoesToTheSameRep() => SecondContactOfAnAccount(new TempDb().Db);

    [SkippableFact]
    public void Postgres_SecondContactOfAnAccount_GoesToTheSameRep()
    {
        postgres.SkipUnlessAvailable(output);
        SecondContactOfAnAccount(ScoreDatabase.Open(postgres.CreateDatabase(), FixedClock.Create()));
    }

    private static void SecondContactOfAnAccount(ScoreDatabase db)
    {
        using var _ = db;
        db.Leads.Save([Hot("L-1", "ann@acme-corp.com"), Hot("L-other", "bo@globex.com")]);
        Score(db, Friday);
        var owner = db.Routing.ForLead("L-1")!.Owner;

        // Round robin alone would give the next contact to the other SDR; the account keeps its rep.
        db.Leads.Save([Hot("L-2", "cy@acme-corp.com"), Hot("L-3", "di@acme-corp.com")]);
        Score(db, Friday.AddHours(1));

        db.Routing.ForLead("L-2")!.Owner.ShouldBe(owner);
        db.Routing.ForLead("L-3")!.Owner.ShouldBe(owner);
        db.Routing.ForLead("L-2")!.Why.ShouldBe("territory Americas, account owner");
        db.Routing.ForLead("L-2")!.AccountKey.ShouldBe("acme-corp.com");
    }

    [Fact]
    public void Sqlite_UnknownOwnerInTheData_IsNamedNotACrash()
    {
        using var temp = new TempDb();
        temp.Db.Leads.Save([Hot("L-1", "ann@acme-corp.com", owner: "someone.else")]);

        Score(temp.Db, Friday);

        var route = temp.Db.Routing.ForLead("L-1").ShouldNotBeNull();
        route.Status.ShouldBe("assigned");
        route.Why.ShouldContain("account owner someone.else is not in teams.json");
    }

    [Fact]
    public void Sqlite_BreachUnworked_EscalatesAfterGraceThenReRoutesOnTheSecond() => EscalationTimeline(new TempDb().Db);

    [SkippableFact]
    public void Postgres_BreachUnworked_EscalatesAfterGraceThenReRoutesOnTheSecond()
    {
        postgres.SkipUnlessAvailable(output);
        EscalationTimeline(ScoreDatabase.Open(postgres.CreateDatabase(), FixedClock.Create()));
    }

    private static void EscalationTimeline(ScoreDatabase db)
    {
        using var _ = db;
        var router = Core.Routing.Router.For(Scoring.Scorer.RuleSet)!;
        db.Leads.Save([Hot("L-us", "kim@northwind.com")]);
        Score(db, Friday);
        var first = db.Routing.ForLead("L-us")!.Owner!;

        // Tier A's SLA is 15 minutes; sdr_us's grace is 60 minutes.
        var breach = Friday.AddMinutes(20);
        db.Sla.Sweep(breach, router).Breached.Count.ShouldBe(1);
        db.Sla.Sweep(breach.AddMinutes(59), router).Routing.Escalated.ShouldBe(0);
        db.Sla.Sweep(breach.AddMinutes(60), router).Routing.Escalated.ShouldBe(1);
        db.Sla.Sweep(breach.AddMinutes(61), router).Routing.Escalated.ShouldBe(0, "once per breach");
        db.Sla.Sweep(breach.AddMinutes(119), router).Routing.Rerouted.ShouldBe(0);
        db.Sla.Sweep(breach.AddMinutes(120), router).Routing.Rerouted.ShouldBe(1);
        db.Sla.Sweep(breach.AddMinutes(180), router).Routing.ShouldBe(Storage.Routing.RoutingSweep.None);

        var steps = db.Routing.Steps("L-us");
        steps.Select(s => (s.Kind, s.At, s.Owner)).ShouldBe([
            ("routed", Friday, first),
            ("escalated", breach.AddMinutes(60), "dana.whitfield"),
            ("rerouted", breach.AddMinutes(120), first == "tyler.brooks" ? "ana.lopez" : "tyler.brooks"),
        ]);
        steps[1].Why.ShouldContain("escalated to Dana Whitfield");
        steps[2].Why.ShouldStartWith("second SLA breach: re-routed, round robin 1 of 1");
        db.Routing.ForLead("L-us")!.Owner.ShouldBe(steps[2].Owner);
        Outbox(db).Select(o => o.Kind).ShouldBe(["tier_changed", "routed", "sla_breached", "escalated", "routed"]);
    }

    [Fact]
    public void Sqlite_WorkedAfterTheBreach_IsNeverEscalated()
    {
        using var temp = new TempDb();
        var router = Core.Routing.Router.For(Scoring.Scorer.RuleSet)!;
        temp.Db.Leads.Save([Hot("L-us", "kim@northwind.com")]);
        Score(temp.Db, Friday);
        temp.Db.Sla.Sweep(Friday.AddMinutes(20), router);

        temp.Db.Sla.MarkWorked("L-us", Friday.AddMinutes(30), "tyler");

        temp.Db.Sla.Sweep(Friday.AddHours(5), router).Routing.ShouldBe(Storage.Routing.RoutingSweep.None);
        temp.Db.Routing.Steps("L-us").Select(s => s.Kind).ShouldBe(["routed"]);
    }

    [Fact]
    public void Sqlite_LeadRoutedWhenNobodyWorks_IsHeldThenReleasedWhenSomeoneDoes()
    {
        using var temp = new TempDb();
        var router = Core.Routing.Router.For(Scoring.Scorer.RuleSet)!;
        var saturday = new DateTimeOffset(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);
        temp.Db.Leads.Save([Hot("L-us", "kim@northwind.com")]);
        Score(temp.Db, saturday);
        temp.Db.Routing.ForLead("L-us")!.Status.ShouldBe("held");

        temp.Db.Sla.Sweep(saturday.AddHours(1), router).Routing.Released.ShouldBe(0);
        var monday = new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);
        temp.Db.Sla.Sweep(monday, router).Routing.Released.ShouldBe(1);

        var route = temp.Db.Routing.ForLead("L-us")!;
        route.Status.ShouldBe("assigned");
        route.Queue.ShouldBe("sdr_us");
        // Held all weekend, its 15-minute SLA breached on Saturday: Monday's pass escalates that too.
        temp.Db.Routing.Steps("L-us").Select(s => (s.Kind, s.At)).ShouldBe([("routed", saturday), ("escalated", monday), ("released", monday)]);
    }

    [Fact]
    public void Migration_OutboxTakesRoutingKinds_InTheMigratingConnectionAndAfterReopening()
    {
        using var temp = new TempDb();
        temp.Db.Leads.Save([Hot("L-us", "kim@northwind.com")]);
        Score(temp.Db, Friday);

        var db = temp.Reopen();
        db.Connection.Query<string>("PRAGMA integrity_check").ShouldBe(["ok"]);
        db.Connection.ExecuteScalar<string>("SELECT sql FROM sqlite_master WHERE name = 'score_changes'")!.ShouldContain("'routed', 'escalated'");
        Outbox(db).Select(o => o.Kind).ShouldBe(["tier_changed", "routed"]);
    }
}
