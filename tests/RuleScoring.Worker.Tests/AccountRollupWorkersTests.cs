using System.Globalization;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using RuleScoring.Storage.Accounts;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;
using RuleScoring.Tests.Postgres;
using RuleScoring.Worker.Scoring;
using RuleScoring.Worker.Tests.Support;
using Xunit.Abstractions;

namespace RuleScoring.Worker.Tests;

/// <summary>
/// Accounts rolled up from the accounts each batch marked (issue 19): two workers on one
/// PostgreSQL database give what one worker gives, each account once per change, and a worker that
/// dies mid-batch loses no account; on SQLite the tick stores what the roll-up of every member after
/// the batches (main's tick) stored.
/// </summary>
[Collection(TestPostgres.Collection)]
public sealed class AccountRollupWorkersTests(TestPostgres postgres, ITestOutputHelper output)
{
    private const int Leads = 1200;

    [SkippableFact]
    public void Tick_TwoWorkersOnTheSameChange_RollUpEveryAccountOnceWithWhatOneWorkerStores()
    {
        postgres.SkipUnlessAvailable(output);
        using var one = new WorkerFixture(postgres.CreateDatabase());
        using var two = new WorkerFixture(postgres.CreateDatabase());
        foreach (var w in new[] { one, two })
        {
            w.StoreSample(Leads);
            w.Rules.Refresh(w.Db);
        }

        for (var change = 0; change < 2; change++)
        {
            if (change > 0)
            {
                foreach (var w in new[] { one, two })
                {
                    ChangeWeight(w);
                }
            }

            one.Tick(batchSize: 50).ForRules.ShouldBe(Leads);
            TwoWorkers(two, hold: null).Sum(t => t.ForRules).ShouldBe(Leads);

            Same(Rows(two.Db), Rows(one.Db), $"change {change}");
            two.Db.Accounts.CountMarked().ShouldBe(0, "every marked account was rolled up");
            // Once per change: an account rolled up before a batch of its members committed would have a card per roll-up.
            two.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM account_scores").ShouldBe(
                one.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM account_scores"));
        }

        one.Db.Connection.ExecuteScalar<long>("SELECT COUNT(DISTINCT account_key) FROM account_scores").ShouldBeGreaterThan(100);
    }

    [SkippableFact]
    public void Tick_AWorkerDiesMidBatch_ItsBatchRollsBack_AndTheOtherScoresItAndRollsUpItsAccounts()
    {
        postgres.SkipUnlessAvailable(output);
        using var one = new WorkerFixture(postgres.CreateDatabase());
        using var two = new WorkerFixture(postgres.CreateDatabase());
        foreach (var w in new[] { one, two })
        {
            w.StoreSample(Leads);
            w.Rules.Refresh(w.Db);
            w.Tick(batchSize: 50);
            ChangeWeight(w);
        }

        one.Tick(batchSize: 50);
        var ticks = TwoWorkers(two, hold: 100);

        ticks.Sum(t => t.ForRules).ShouldBe(Leads, "the dying worker's leads were scored by the other");
        Same(Rows(two.Db), Rows(one.Db), "after the death");
        two.Db.Accounts.CountMarked().ShouldBe(0);
    }

    [Fact]
    public void Tick_Sqlite_StoresWhatRollingUpEveryMemberAfterTheBatchesStored()
    {
        using var worker = new WorkerFixture();
        using var main = new WorkerFixture();
        foreach (var w in new[] { worker, main })
        {
            w.StoreSample(400);
            w.Rules.Refresh(w.Db);
        }

        // The first scoring, then a rules change: every lead is scored, as main's full rescore scores them.
        for (var change = 0; change < 2; change++)
        {
            if (change == 1)
            {
                ChangeWeight(worker);
                ChangeWeight(main);
            }

            worker.Tick(batchSize: 40);

            // Main's tick: cards stored, then the accounts of every lead and the stages from all their events.
            var rules = main.Rules.Current!;
            var asOf = main.Clock.GetUtcNow();
            new Rescorer(main.Db, rules.Scorer).RescoreAll(asOf, batchSize: 40);
            main.Db.Accounts.Rescore(rules.Accounts!, asOf);
            main.Db.Lifecycle.Update();

            Same(Rows(worker.Db), Rows(main.Db), $"change {change}");
        }
    }

    /// <summary>Two workers tick at once on the database; with <paramref name="hold"/>, a third claims that many leads, stores them and dies before committing.</summary>
    private List<TickResult> TwoWorkers(WorkerFixture w, int? hold)
    {
        var rules = w.Rules.Current!;
        using var second = w.Db.OpenAnother();
        using var dying = w.Db.OpenAnother();
        var asOf = w.Clock.GetUtcNow();
        Storage.Worker.LeadClaim? held = null;
        if (hold is { } count)
        {
            // Its batch stored and its accounts marked, uncommitted: the transaction holds them until it dies.
            held = dying.Worker.ClaimUnscoredOrStale(rules.Identity.Hash, asOf, null, count);
            var leads = dying.Leads.GetMany(held.LeadIds, held);
            var cards = leads.Select(l => l.With(rules.Scorer.Score(l.Lead, asOf))).ToList();
            var keys = leads.ToDictionary(l => l.Lead.LeadId, l => rules.Accounts!.KeyOf(l.Lead), StringComparer.Ordinal);
            dying.Scores.Save(cards, held, rules.Scorer.CardTemplate, rules.Router, new BatchFollowUp(Lifecycle: true, AccountKeys: keys));
        }

        using var start = new Barrier(hold is null ? 2 : 3);
        var dies = Task.Run(() =>
        {
            if (held is not null)
            {
                start.SignalAndWait();
                Thread.Sleep(1500);
                held.Dispose();
            }
        });
        var ticks = new[] { w.Db, second }.AsParallel().WithDegreeOfParallelism(2).Select(db =>
        {
            start.SignalAndWait();
            return new ScoringTick(db, rules, 50, NullLogger.Instance).Run(asOf);
        }).ToList();
        dies.Wait();
        output.WriteLine($"worker shares: {string.Join(", ", ticks.Select(t => $"{t.ForRules} leads, {t.Accounts} accounts"))}");
        return ticks;
    }

    private static void ChangeWeight(WorkerFixture w)
    {
        w.EditJson("behavior.json", workflow =>
        {
            var rule = WorkerFixture.Rule(workflow, "behavior.ebook_download");
            rule["Properties"]!["points"] = rule["Properties"]!["points"]!.GetValue<decimal>() + 1;
        });
        w.BumpVersion();
        w.Rules.Refresh(w.Db);
    }

    private static void Same(List<string> actual, List<string> expected, string when)
    {
        // The differing rows only (trimmed): whole tables do not fit a failure message.
        static string Trim(string row) => row.Length > 300 ? row[..300] + "..." : row;
        actual.Except(expected).Take(4).Select(Trim).ShouldBeEmpty($"{when}: rows only this database has");
        expected.Except(actual).Take(4).Select(Trim).ShouldBeEmpty($"{when}: rows only the other has");
        actual.ShouldBe(expected, when);
    }

    /// <summary>What the accounts and stages hold, without ids and write times (they follow the order of writing, as a score's id in a stage's source does).</summary>
    private static List<string> Rows(ScoreDatabase db)
    {
        var rows = new List<string>();
        foreach (var sql in new[]
                 {
                     "SELECT lead_id, account_key FROM lead_accounts ORDER BY lead_id",
                     "SELECT account_key, as_of, rules_hash, score, tier, previous_tier, contacts, engaged, card FROM account_scores ORDER BY account_key, id",
                     "SELECT c.account_key, c.as_of, c.score, c.tier, c.card_sha, COALESCE(c.card, s.card) FROM account_scores_current c JOIN account_scores s ON s.id = c.score_id ORDER BY c.account_key",
                     """
                     SELECT lead_id, from_stage, to_stage, at, CASE WHEN source LIKE 'score:%' THEN 'score' ELSE source END, tier, recycle, reason
                     FROM lifecycle_transitions ORDER BY lead_id, id
                     """,
                 })
        {
            using var reader = db.Connection.ExecuteReader(sql);
            while (reader.Read())
            {
                rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount)
                    .Select(i => reader.IsDBNull(i) ? "<null>" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            }
        }

        return rows;
    }
}
