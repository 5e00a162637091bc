using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using RuleScoring.Storage.Worker;
using RuleScoring.Tests.Postgres;
using RuleScoring.Worker.Scoring;
using RuleScoring.Worker.Tests.Support;
using Xunit.Abstractions;

namespace RuleScoring.Worker.Tests;

/// <summary>Several workers sharing one PostgreSQL database: claims, turns, and no lead scored twice for one version.</summary>
[Collection(TestPostgres.Collection)]
public sealed class PostgresWorkersTests(TestPostgres postgres, ITestOutputHelper output)
{
    [SkippableFact]
    public void Tick_TwoWorkersAtOnce_ShareTheLeadsAndScoreEachOnceForTheRules()
    {
        postgres.SkipUnlessAvailable(output);
        using var w = new WorkerFixture(postgres.CreateDatabase());
        w.StoreSample(1500);
        w.Rules.Refresh(w.Db);
        var rules = w.Rules.Current!;
        using var second = w.Db.OpenAnother();
        using var start = new Barrier(2);

        var ticks = new[] { w.Db, second }.AsParallel().WithDegreeOfParallelism(2).Select(db =>
        {
            start.SignalAndWait();
            return new ScoringTick(db, rules, 50, NullLogger.Instance).Run(w.Clock.GetUtcNow());
        }).ToList();

        output.WriteLine($"worker shares: {string.Join(", ", ticks.Select(t => t.ForRules))}");
        ticks.Sum(t => t.ForRules).ShouldBe(1500, "every lead scored by exactly one worker: none twice, none left");
        w.Db.Connection.ExecuteScalar<long>("""
            SELECT COUNT(*) FROM (SELECT lead_id FROM scores WHERE rules_id IN (SELECT id FROM rule_versions WHERE rules_hash = @Hash) GROUP BY lead_id HAVING COUNT(*) > 1) twice
            """, new { rules.Identity.Hash }).ShouldBe(0);
        w.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores_current WHERE rules_hash = @Hash", new { rules.Identity.Hash }).ShouldBe(1500);
        new ScoringTick(second, rules, 50, NullLogger.Instance).Run(w.Clock.GetUtcNow()).Scored.ShouldBe(0, "nothing left for a third tick");
    }

    [SkippableFact]
    public void Tick_WeightOnlyChange_GivesCardsAgainFromStoredReasons_EqualToScoringAgain()
    {
        postgres.SkipUnlessAvailable(output);
        using var w = new WorkerFixture(postgres.CreateDatabase());
        ScoringTickTests.WeightOnlyChangeGivesCardsAgain(w);
    }

    [SkippableFact]
    public void ClaimUnscoredOrStale_AnotherWorkerHoldsTheFirstLeads_ClaimsTheNextOnes_AndTheyReturnWhenReleased()
    {
        postgres.SkipUnlessAvailable(output);
        using var w = new WorkerFixture(postgres.CreateDatabase());
        w.StoreSample(120);
        using var other = w.Db.OpenAnother();

        List<string> first;
        using (var held = w.Db.Worker.ClaimUnscoredOrStale("some-hash", DateTimeOffset.MaxValue, null, 40))
        {
            first = [.. held.LeadIds];
            using var next = other.Worker.ClaimUnscoredOrStale("some-hash", DateTimeOffset.MaxValue, null, 40);

            first.Count.ShouldBe(40);
            next.LeadIds.Count.ShouldBe(40);
            next.LeadIds.Intersect(first).ShouldBeEmpty("a held lead is passed over, not waited for or taken twice");
            string.CompareOrdinal(next.LeadIds[0], first[^1]).ShouldBeGreaterThan(0);
        }

        using var again = other.Worker.ClaimUnscoredOrStale("some-hash", DateTimeOffset.MaxValue, null, 40);
        again.LeadIds.ShouldBe(first, "released without a commit, the leads are free again");
    }

    [SkippableFact]
    public void ClaimUnscoredOrStale_StatisticsSayEveryLeadIsDone_ReadsOnlyTheLeadsItPassesOver()
    {
        const int limit = 50;
        using var w = ScoredOnPostgres(3000);
        var hash = w.Rules.Current!.Identity.Hash;

        // A change and back (a rollback): ANALYZE last saw every card under these rules, then every
        // lead was scored under others, so every lead needs these rules again while the statistics say none does.
        w.Db.Connection.Execute("ALTER TABLE scores_current SET (autovacuum_enabled = false)");
        w.Db.Connection.Execute("ANALYZE scores_current");
        w.Db.Connection.Execute("UPDATE scores_current SET rules_hash = 'sha256:other-rules'");

        var plan = w.Db.Connection.ExecuteScalar<string>("EXPLAIN (ANALYZE, FORMAT JSON) " + w.Db.Worker.ClaimUnscoredOrStaleSql,
            new { Hash = hash, After = (string?)null, Limit = limit, AsOf = w.Clock.GetUtcNow() })!;
        var read = RowsReadFrom("scores_current", System.Text.Json.JsonDocument.Parse(plan).RootElement[0].GetProperty("Plan"));
        output.WriteLine($"scores_current rows read for a claim of {limit}: {read}");
        read.ShouldBeLessThanOrEqualTo(2 * limit, "a claim looks up the leads it passes over, not every current score");

        using var claim = w.Db.Worker.ClaimUnscoredOrStale(hash, w.Clock.GetUtcNow(), null, limit);
        claim.LeadIds.Count.ShouldBe(limit);
    }

    [SkippableFact]
    public void ClaimDue_EveryLeadDueAtOneInstant_ReadsOnlyTheBatchItTakes()
    {
        const int leads = 3000, limit = 50;
        using var w = ScoredOnPostgres(leads);
        // Signals from an export with dates only (or imported with one timestamp): one decay boundary for all.
        w.Db.Connection.Execute("UPDATE scores_current SET next_change_at = (SELECT MIN(next_change_at) FROM scores_current)");
        w.Db.Connection.Execute("ANALYZE scores_current");

        var plan = w.Db.Connection.ExecuteScalar<string>("EXPLAIN (ANALYZE, FORMAT JSON) " + w.Db.Worker.ClaimDueSql,
            new { AsOf = DateTimeOffset.MaxValue, Limit = limit })!;
        var read = RowsReadFrom("scores_current", System.Text.Json.JsonDocument.Parse(plan).RootElement[0].GetProperty("Plan"));
        output.WriteLine($"scores_current rows read for a claim of {limit} with {leads} due at one instant: {read}");
        read.ShouldBeLessThanOrEqualTo(2 * limit, "the claim takes the batch in the index's order, not every lead due at that instant sorted");

        using var claim = w.Db.Worker.ClaimDue(DateTimeOffset.MaxValue, limit);
        claim.LeadIds.ShouldBe(w.Db.Connection.Query<string>("SELECT lead_id FROM scores_current ORDER BY lead_id LIMIT @limit", new { limit }).ToList(),
            "at one instant, lead id decides");
    }

    /// <summary>A PostgreSQL database with <paramref name="leads"/> sample leads, each scored once under the shipped rules.</summary>
    private WorkerFixture ScoredOnPostgres(int leads)
    {
        postgres.SkipUnlessAvailable(output);
        var w = new WorkerFixture(postgres.CreateDatabase());
        try
        {
            w.StoreSample(leads);
            w.Tick(batchSize: 500).ForRules.ShouldBe(leads);
            return w;
        }
        catch
        {
            w.Dispose();
            throw;
        }
    }

    /// <summary>Rows the plan's nodes on <paramref name="table"/> returned, over all their loops (subplans included).</summary>
    private static double RowsReadFrom(string table, System.Text.Json.JsonElement node)
    {
        var rows = node.TryGetProperty("Relation Name", out var relation) && relation.GetString() == table
            ? node.GetProperty("Actual Rows").GetDouble() * node.GetProperty("Actual Loops").GetDouble()
              + (node.TryGetProperty("Rows Removed by Filter", out var removed) ? removed.GetDouble() * node.GetProperty("Actual Loops").GetDouble() : 0)
            : 0;
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                rows += RowsReadFrom(table, child);
            }
        }

        return rows;
    }

    [SkippableFact]
    public void AddSignals_ForALeadAWorkerHasClaimed_IsStoredAtOnce_AndTheClaimReadsIt()
    {
        postgres.SkipUnlessAvailable(output);
        using var w = new WorkerFixture(postgres.CreateDatabase());
        var leads = w.StoreSample(20);
        using var api = w.Db.OpenAnother();
        using var claim = w.Db.Worker.ClaimUnscoredOrStale("some-hash", DateTimeOffset.MaxValue, null, 20);
        var leadId = claim.LeadIds[0];

        // The API stores a signal for a claimed lead while the worker still holds it: the insert's
        // foreign-key check must not wait for the claim, which may itself wait for the insert.
        var post = Task.Run(() => api.Leads.AddSignals([(leadId, new Core.Leads.Signal("pricing_view", WorkerFixture.Start, "claimed-1"))]));
        post.Wait(TimeSpan.FromSeconds(10)).ShouldBeTrue("a signal insert must not wait for a worker's claim");
        var read = Task.Run(() => w.Db.Leads.GetMany(claim.LeadIds, claim));
        read.Wait(TimeSpan.FromSeconds(10)).ShouldBeTrue();

        post.Result.Inserted.ShouldBe(1);
        var lead = read.Result.Single(l => l.Lead.LeadId == leadId);
        lead.Lead.Signals.Count.ShouldBe(leads.Single(l => l.LeadId == leadId).Signals.Count + 1);
        lead.LastSignalSeq.ShouldBe(w.Db.Connection.ExecuteScalar<long>("SELECT MAX(seq) FROM signals WHERE lead_id = @leadId", new { leadId }));
    }

    [SkippableFact]
    public void TryTakeTurn_AnotherWorkerHasTheSignalCursor_IsRefusedUntilItIsDone()
    {
        postgres.SkipUnlessAvailable(output);
        using var w = new WorkerFixture(postgres.CreateDatabase());
        using var other = w.Db.OpenAnother();

        using (var turn = w.Db.Worker.TryTakeTurn(WorkerStore.SignalCursor))
        {
            turn.ShouldNotBeNull();
            other.Worker.TryTakeTurn(WorkerStore.SignalCursor).ShouldBeNull("one worker at a time reads and moves the cursor");
            using var accounts = other.Worker.TryTakeTurn(WorkerStore.AccountCursor);
            accounts.ShouldNotBeNull("another cursor is another turn");
        }

        using var after = other.Worker.TryTakeTurn(WorkerStore.SignalCursor);
        after.ShouldNotBeNull();
    }
}
