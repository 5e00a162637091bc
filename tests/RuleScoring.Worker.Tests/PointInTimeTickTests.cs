using Dapper;
using RuleScoring.Core.Leads;
using RuleScoring.Tests.Postgres;
using RuleScoring.Worker.Tests.Support;
using Xunit.Abstractions;

namespace RuleScoring.Worker.Tests;

/// <summary>The worker scores a lead from its created_at on, never before: the claim query takes the tick's as-of.</summary>
[Collection(TestPostgres.Collection)]
public sealed class PointInTimeTickTests(TestPostgres postgres, ITestOutputHelper output)
{
    [Fact]
    public void Tick_LeadCreatedAfterTheTick_IsNotScoredButCounted_AndIsScoredOnceItExists()
    {
        using var w = new WorkerFixture();
        SkipsUntilCreated(w);
    }

    [SkippableFact]
    public void Tick_LeadCreatedAfterTheTick_IsNotScoredButCounted_OnPostgres()
    {
        postgres.SkipUnlessAvailable(output);
        using var w = new WorkerFixture(postgres.CreateDatabase());
        SkipsUntilCreated(w);
    }

    private static void SkipsUntilCreated(WorkerFixture w)
    {
        var now = WorkerFixture.Start;
        w.Db.Leads.Save([Lead("L-NOW", now.AddDays(-30)), Lead("L-SOON", now.AddHours(2)), Lead("L-LATER", now.AddDays(10))]);

        var first = w.Tick();
        var second = w.Tick();

        first.ForRules.ShouldBe(1);
        first.NotYetCreated.ShouldBe(2);
        w.Db.Scores.Current("L-SOON").ShouldBeNull();
        w.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores WHERE lead_id <> 'L-NOW'").ShouldBe(0);
        second.Scored.ShouldBe(0, "the leads not yet created are not claimed tick after tick");

        w.Clock.Advance(TimeSpan.FromHours(3));
        var third = w.Tick();

        third.ForRules.ShouldBe(1);
        third.NotYetCreated.ShouldBe(1);
        w.Db.Scores.Current("L-SOON").ShouldNotBeNull().Card.AsOf.ShouldBeGreaterThanOrEqualTo(now.AddHours(2));
        w.Db.Scores.Current("L-LATER").ShouldBeNull();
    }

    private static Lead Lead(string id, DateTimeOffset createdAt) => new(id,
        new Dictionary<string, string> { ["email"] = $"{id.ToLowerInvariant()}@acme-logistics.com", ["created_at"] = Timestamps.Format(createdAt) },
        [new Signal("pricing_view", WorkerFixture.Start.AddDays(-40))]);
}
