using Dapper;
using Microsoft.Extensions.Time.Testing;
using RuleScoring.Core.Leads;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Routing;

/// <summary>
/// What round robin and daily capacity read (route_load): counts that agree with the steps they
/// stand for, across batches, folds and the migration that fills them from older steps; both stores.
/// </summary>
[Collection(TestPostgres.Collection)]
public sealed class RouteLoadTests(TestPostgres postgres, ITestOutputHelper output)
{
    // Friday 2026-10-23 17:00 UTC: New York 13:00, Los Angeles 10:00; both Americas AEs at work.
    private static readonly DateTimeOffset Friday = new(2026, 10, 23, 17, 0, 0, TimeSpan.Zero);

    // The database's clock, a month after the as-of the leads are scored at (a backfill).
    private static readonly DateTimeOffset Later = Friday.AddDays(30);

    /// <summary>A tier A lead of an enterprise account of its own in the Americas: ae_us's to take.</summary>
    private static Lead Enterprise(int i) =>
        HotLeads.Hot($"L-{i:000}", $"vp{i}@company{i}.com", Friday, employees: "5000", createdAt: "2026-10-01T00:00:00Z");

    [Fact]
    public void Sqlite_BackfillInSmallBatches_KeepsEachRepsDailyCapacity()
    {
        using var temp = new TempDb();
        temp.Clock.SetUtcNow(Later);
        CapacityAcrossBatches(temp.Db);
    }

    [SkippableFact]
    public void Postgres_BackfillInSmallBatches_KeepsEachRepsDailyCapacity()
    {
        postgres.SkipUnlessAvailable(output);
        CapacityAcrossBatches(ScoreDatabase.Open(postgres.CreateDatabase(), new FakeTimeProvider(Later)));
    }

    private static void CapacityAcrossBatches(ScoreDatabase db)
    {
        using var _ = db;
        db.Leads.Save([.. Enumerable.Range(1, 30).Select(Enterprise)]);

        // Four leads a batch: each batch must see the assignments of the batches before it, though
        // they are dated a month before the database's clock.
        new Rescorer(db, Scoring.Scorer).RescoreAll(Friday, batchSize: 4);

        var owners = db.Routing.All().GroupBy(r => (r.Queue, r.Owner)).ToDictionary(g => g.Key, g => g.Count());
        // teams.json: Maya Chen takes 10 a day, Jordan Reed 6; the rest fall back to the US SDRs.
        owners[("ae_us", "maya.chen")].ShouldBe(10);
        owners[("ae_us", "jordan.reed")].ShouldBe(6);
        owners.Where(o => o.Key.Queue == "sdr_us").Sum(o => o.Value).ShouldBe(14);
        LoadAgreesWithSteps(db);
    }

    [Fact]
    public void Sqlite_FoldedCounts_StillAgreeWithTheSteps() => Folds(new TempDb().Db);

    [SkippableFact]
    public void Postgres_FoldedCounts_StillAgreeWithTheSteps()
    {
        postgres.SkipUnlessAvailable(output);
        Folds(ScoreDatabase.Open(postgres.CreateDatabase(), FixedClock.Create()));
    }

    private static void Folds(ScoreDatabase db)
    {
        using var _ = db;
        db.Routing.FoldAfterRows = 3;
        db.Leads.Save([.. Enumerable.Range(1, 30).Select(Enterprise)]);

        // One lead a batch: a row of counts each; the later batches fold the earlier rows together.
        new Rescorer(db, Scoring.Scorer).RescoreAll(Friday, batchSize: 1);

        var rows = db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM route_load");
        rows.ShouldBeLessThan(30, "folded");
        LoadAgreesWithSteps(db);
        db.Routing.All().Count(r => r.Owner == "maya.chen").ShouldBe(10, "capacity read from folded rows");
    }

    [Fact]
    public void Migration_FillsTheCountsFromStepsStoredBefore()
    {
        using var temp = new TempDb();
        temp.Db.Leads.Save([.. Enumerable.Range(1, 30).Select(Enterprise)]);
        new Rescorer(temp.Db, Scoring.Scorer).RescoreAll(Friday, batchSize: 7);
        var steps = StepCounts(temp.Db);

        // As a database stored before migration 0012 was: no counts, the old index.
        temp.Db.Connection.Execute("""
            DROP TABLE route_load; DROP INDEX ix_lead_routes_account;
            CREATE INDEX ix_lead_routes_account ON lead_routes (account_key, routed_at) WHERE account_key IS NOT NULL AND owner IS NOT NULL;
            DELETE FROM schema_migrations WHERE version = 12
            """);
        var db = temp.Reopen();

        LoadCounts(db).ShouldBe(steps);
        db.Connection.Query<(long Id, long Parent, long Unused, string Detail)>("EXPLAIN QUERY PLAN SELECT owner FROM lead_routes WHERE account_key IN ('a', 'b') ORDER BY routed_at, lead_id")
            .ShouldContain(p => p.Detail.Contains("USING INDEX ix_lead_routes_account", StringComparison.Ordinal), "the routes of an account are found by index, not a scan");
    }

    private static void LoadAgreesWithSteps(ScoreDatabase db)
    {
        var steps = StepCounts(db);
        steps.Count.ShouldBeGreaterThan(0);
        LoadCounts(db).ShouldBe(steps);
    }

    // Assignments per queue, owner and quarter hour as the steps record them.
    private static List<(string, string, string, long)> StepCounts(ScoreDatabase db) =>
        [.. db.Connection.Query<(string Queue, string Owner, string At)>(
                "SELECT queue, owner, at FROM route_steps WHERE owner IS NOT NULL AND kind IN ('routed', 'rerouted', 'released')")
            .GroupBy(s => (s.Queue, s.Owner, Quarter: Quarter(s.At)))
            .Select(g => (g.Key.Queue, g.Key.Owner, g.Key.Quarter, (long)g.Count()))
            .Order()];

    private static string Quarter(string at)
    {
        var ticks = SqlTimestamp.Parse(at).UtcTicks;
        return SqlTimestamp.Format(new DateTimeOffset(ticks - (ticks % TimeSpan.FromMinutes(15).Ticks), TimeSpan.Zero));
    }

    private static List<(string, string, string, long)> LoadCounts(ScoreDatabase db) =>
        [.. db.Connection.Query<(string Queue, string Owner, string At, long Assigned)>("SELECT queue, owner, at, CAST(SUM(assigned) AS BIGINT) FROM route_load GROUP BY queue, owner, at")
            .Order()];
}
