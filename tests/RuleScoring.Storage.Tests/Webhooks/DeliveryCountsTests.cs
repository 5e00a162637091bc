using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;
using RuleScoring.Storage.Webhooks;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Webhooks;

/// <summary>The report's delivery counts: by state and event kind, in the period only; both stores.</summary>
[Collection(TestPostgres.Collection)]
public sealed class DeliveryCountsTests(TestPostgres postgres, ITestOutputHelper output)
{
    [Fact]
    public void Sqlite_Counts_ByStateAndEventInThePeriod()
    {
        using var temp = new TempDb();
        CountsByStateAndEvent(temp.Db, temp.Clock);
    }

    [SkippableFact]
    public void Postgres_Counts_ByStateAndEventInThePeriod()
    {
        postgres.SkipUnlessAvailable(output);
        var clock = FixedClock.Create();
        using var db = ScoreDatabase.Open(postgres.CreateDatabase(), clock);
        CountsByStateAndEvent(db, clock);
    }

    [Fact]
    public void Sqlite_EmptyLog_CountsNothing()
    {
        using var temp = new TempDb();

        var counts = temp.Db.Deliveries.Counts(TempDb.Now.AddDays(-30), TempDb.Now);

        counts.ByEvent.ShouldBeEmpty();
        counts.Total.ShouldBe(0);
        counts.All.ShouldBe(new DeliveryCountRow("all", 0, 0, 0, 0));
    }

    private static void CountsByStateAndEvent(ScoreDatabase db, Microsoft.Extensions.Time.Testing.FakeTimeProvider clock)
    {
        db.Leads.Save(SampleLeads.All);
        new Rescorer(db, Scoring.Scorer).RescoreAll(clock.GetUtcNow());
        var changes = db.Scores.ChangesAfter(0, 6);
        changes.Count.ShouldBe(6);
        NewDelivery New(int i, string type) => new($"msg_{type}_{i}", changes[i].Id, changes[i].LeadId, type, "{}");

        // Before the period: one delivered, not counted.
        var before = clock.GetUtcNow();
        db.Deliveries.Enqueue("crm", [New(0, "lead.tier_changed")], changes[0].Id);
        clock.Advance(TimeSpan.FromDays(2));
        var from = clock.GetUtcNow();
        db.Deliveries.Enqueue("crm", [New(1, "lead.tier_changed"), New(2, "lead.tier_changed"), New(3, "lead.tier_changed")], changes[3].Id);
        db.Deliveries.Enqueue("slack", [New(4, "lead.routed"), New(5, "lead.routed")], changes[5].Id);
        var at = clock.GetUtcNow();
        var ids = db.Deliveries.List(limit: 10).ToDictionary(d => d.WebhookId, d => d.Id);
        db.Deliveries.RecordAttempt(ids["msg_lead.tier_changed_0"], at, 200, null, 5, delivered: true, null);
        db.Deliveries.RecordAttempt(ids["msg_lead.tier_changed_1"], at, 200, null, 5, delivered: true, null);
        db.Deliveries.RecordAttempt(ids["msg_lead.tier_changed_2"], at, 503, "HTTP 503", 5, delivered: false, at.AddMinutes(1));
        db.Deliveries.RecordAttempt(ids["msg_lead.routed_4"], at, null, "refused", 5, delivered: false, null);

        var counts = db.Deliveries.Counts(from, clock.GetUtcNow());

        counts.ByEvent.ShouldBe([
            new DeliveryCountRow("lead.routed", Delivered: 0, Retrying: 0, Queued: 1, DeadLetter: 1),
            new DeliveryCountRow("lead.tier_changed", Delivered: 1, Retrying: 1, Queued: 1, DeadLetter: 0),
        ]);
        counts.All.ShouldBe(new DeliveryCountRow("all", 1, 1, 2, 1));
        counts.Total.ShouldBe(5);
        db.Deliveries.Counts(before, clock.GetUtcNow()).Total.ShouldBe(6);
        db.Deliveries.Counts(before.AddDays(-10), before.AddDays(-1)).ByEvent.ShouldBeEmpty();
    }
}
