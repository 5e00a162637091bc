using System.Globalization;
using Dapper;
using RuleScoring.SampleData;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Import;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Lifecycle;

/// <summary>
/// The lifecycle followed from each batch's new score rows (in the batch's transaction) against the
/// pass that reads every stored event of the batch's leads: two databases with the same leads,
/// deals and dispositions (imported between rescores), scored batch by batch at the same as-of
/// times under two rule versions, hold the same transitions, row for row.
/// </summary>
public sealed class LifecycleFollowTests
{
    private static readonly DateTimeOffset[] Times =
    [
        TempDb.Now.AddDays(-200),
        TempDb.Now.AddDays(-90),
        TempDb.Now.AddDays(-30),
        TempDb.Now.AddDays(-30),
        TempDb.Now,
        TempDb.Now.AddDays(2),
    ];

    [Fact]
    public void Follow_BatchByBatch_AppendsWhatReadingEveryEventAppends()
    {
        using var old = new TempDb();
        using var followed = new TempDb();
        SampleCsvWriter.Write(old.Folder, SampleGenerator.Generate(new SampleOptions(Leads: 400, Seed: 11, End: TempDb.Now)));
        Import([old, followed], old.Folder, ImportKind.Leads, ImportKind.Signals);

        var transitions = 0;
        for (var i = 0; i < Times.Length; i++)
        {
            if (i == 2)
            {
                // Sales outcomes arrive between rescores: the next card of each lead applies them.
                Import([old, followed], old.Folder, ImportKind.Deals, ImportKind.Dispositions);
            }

            // The second half of the passes is under other rules: every card changes, so every lead gets a new row.
            var scorer = i < 3 ? Scoring.Scorer : Scoring.Changed.Value;
            RescoreInBatches(old.Db, scorer, Times[i], followUp: false);
            transitions += RescoreInBatches(followed.Db, scorer, Times[i], followUp: true);
            Same(old.Db, followed.Db, $"as of {Times[i]:O}");
        }

        transitions.ShouldBeGreaterThan(400, "every lead arrives; many qualify, are worked and close");
        Count(followed.Db, "SELECT COUNT(*) FROM lifecycle_transitions WHERE recycle = 1").ShouldBeGreaterThan(0, "some leads come back after a deal closed");
        Count(followed.Db, "SELECT COUNT(*) FROM lifecycle_transitions WHERE source LIKE 'deal:%'").ShouldBeGreaterThan(0);
        followed.Db.Lifecycle.Update().Transitions.ShouldBe(0, "the full pass finds nothing the batches left out");
    }

    [Fact]
    public void RescoreAll_FollowingTheLifecycle_AppendsWhatTheFullPassAfterItAppends()
    {
        // rulescore rescore's way: the batches follow the lifecycle, and leads not yet created at
        // the as-of (not scored) still arrive; before, one pass after the rescore read every event.
        using var old = new TempDb();
        using var followed = new TempDb();
        SampleCsvWriter.Write(old.Folder, SampleGenerator.Generate(new SampleOptions(Leads: 300, Seed: 5, End: TempDb.Now)));
        Import([old, followed], old.Folder, ImportKind.Leads, ImportKind.Signals, ImportKind.Deals, ImportKind.Dispositions);

        var notCreated = 0L;
        var backfilled = 0;
        var totals = new List<long>();
        foreach (var (asOf, scorer) in new[] { (TempDb.Now.AddDays(-120), Scoring.Scorer), (TempDb.Now.AddDays(-30), Scoring.Scorer), (TempDb.Now, Scoring.Changed.Value) })
        {
            new Rescorer(old.Db, scorer).RescoreAll(asOf, batchSize: 41);
            var expected = old.Db.Lifecycle.Update();
            var result = new Rescorer(followed.Db, scorer).RescoreAll(asOf, batchSize: 41, followLifecycle: true);

            notCreated = Math.Max(notCreated, result.NotYetCreated);
            result.Lifecycle.ShouldNotBeNull().Transitions.ShouldBe(expected.Transitions, $"as of {asOf:O}");
            result.Lifecycle.Recycles.ShouldBe(expected.Recycles);
            // The batches count the leads whose first card is this run's and came after their deal
            // closed. The full pass counted more: a lead whose stored stage is now closed had its first
            // card (from before the close) counted again on every later run.
            result.Lifecycle.FirstScoredAfterClose.ShouldBeLessThanOrEqualTo(expected.FirstScoredAfterClose);
            backfilled += result.Lifecycle.FirstScoredAfterClose;
            Same(old.Db, followed.Db, $"as of {asOf:O}");
            totals.Add(expected.Transitions);
        }

        notCreated.ShouldBeGreaterThan(0, "the first as-of comes before some leads were created");
        backfilled.ShouldBeGreaterThan(0, "some leads are first scored after their deal closed");
        totals.ShouldAllBe(t => t > 0);
        followed.Db.Lifecycle.Update().Transitions.ShouldBe(0, "the full pass finds nothing the rescore left out");
        new Rescorer(followed.Db, Scoring.Scorer).RescoreAll(TempDb.Now).Lifecycle.ShouldBeNull("not asked to follow it");
    }

    /// <summary>The worker's way: pages of leads created by the as-of time, each stored as one batch.</summary>
    private static int RescoreInBatches(ScoreDatabase db, Core.Scoring.LeadScorer scorer, DateTimeOffset asOf, bool followUp)
    {
        var transitions = 0;
        string? after = null;
        while (db.Leads.ReadPage(after, 57, createdBy: asOf) is { Count: > 0 } page)
        {
            var cards = page.Select(l => l.With(scorer.Score(l.Lead, asOf))).ToList();
            if (followUp)
            {
                transitions += db.Scores.Save(cards, followUp: new BatchFollowUp(Lifecycle: true)).StageTransitions;
            }
            else
            {
                db.Scores.Save(cards);
                db.Lifecycle.Update([.. page.Select(l => l.Lead.LeadId)]);
            }

            after = page[^1].Lead.LeadId;
        }

        return transitions;
    }

    private static void Same(ScoreDatabase old, ScoreDatabase followed, string when)
    {
        // Ids and recorded_at follow the order and time of writing; what each lead went through is the content.
        const string sql = "SELECT lead_id, from_stage, to_stage, at, source, tier, recycle, reason FROM lifecycle_transitions ORDER BY lead_id, id";
        var (expected, actual) = (Dump(old, sql), Dump(followed, sql));
        // Only the rows that differ: the whole table does not fit a failure message.
        actual.Except(expected).Take(10).ShouldBeEmpty($"{when}: rows only the followed database has");
        expected.Except(actual).Take(10).ShouldBeEmpty($"{when}: rows only the full pass wrote");
        actual.ShouldBe(expected, when);
    }

    /// <summary>The sample's files of these kinds, imported into each database.</summary>
    private static void Import(TempDb[] databases, string folder, params ImportKind[] kinds)
    {
        foreach (var temp in databases)
        {
            foreach (var kind in kinds)
            {
                var file = kind switch
                {
                    ImportKind.Leads => SampleCsvWriter.LeadsFile,
                    ImportKind.Signals => SampleCsvWriter.SignalsFile,
                    ImportKind.Deals => SampleCsvWriter.DealsFile,
                    _ => SampleCsvWriter.DispositionsFile,
                };
                ImportRun.File(temp, kind, Path.Combine(folder, file)).Rejects.ShouldBeEmpty(file);
            }
        }
    }

    private static long Count(ScoreDatabase db, string sql) => db.Connection.ExecuteScalar<long>(sql);

    private static List<string> Dump(ScoreDatabase db, string sql)
    {
        var rows = new List<string>();
        using var reader = db.Connection.ExecuteReader(sql);
        while (reader.Read())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount)
                .Select(i => reader.IsDBNull(i) ? "<null>" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}
