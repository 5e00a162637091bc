using System.Globalization;
using Dapper;
using RuleScoring.Core.Leads;
using RuleScoring.SampleData;
using RuleScoring.Storage.Accounts;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Accounts;

/// <summary>
/// The account roll-up from contacts classified while each batch was in memory against the
/// roll-up that reads every member's lead and card back: two databases with the same leads,
/// rescored through the same as-of times (out of order, a tie, a sub-second time, leads not yet
/// created, a subset as the worker passes, contacts gone stale), hold the same rows, row for row.
/// On PostgreSQL the stale rounds take the classifications kept with the cards (scores_current.contact).
/// </summary>
[Collection(TestPostgres.Collection)]
public sealed class RollupEquivalenceTests(TestPostgres postgres, ITestOutputHelper output)
{
    private static readonly DateTimeOffset[] Times =
    [
        TempDb.Now.AddDays(-200),
        TempDb.Now.AddDays(-50).AddMilliseconds(500),
        TempDb.Now.AddDays(-120),
        TempDb.Now.AddDays(-120),
        TempDb.Now,
    ];

    [Fact]
    public void Rollup_Sqlite_FreshContactsGiveTheSameRowsAsReadingEveryMember()
    {
        using var old = new TempDb();
        using var fresh = new TempDb();
        Compare(old.Db, fresh.Db, Leads());
    }

    [SkippableFact]
    public void Rollup_Postgres_FreshContactsGiveTheSameRowsAsReadingEveryMember()
    {
        postgres.SkipUnlessAvailable(output);
        using var clock = new TempDb();
        using var old = ScoreDatabase.Open(postgres.CreateDatabase(), clock.Clock);
        using var fresh = ScoreDatabase.Open(postgres.CreateDatabase(), clock.Clock);
        Compare(old, fresh, Leads());
    }

    [Fact]
    public void Rollup_EmptyDatabase_StoresNothingEitherWay()
    {
        using var old = new TempDb();
        using var fresh = new TempDb();
        Compare(old.Db, fresh.Db, []);
        Dump(fresh.Db, "SELECT * FROM account_scores").ShouldBeEmpty();
    }

    private static List<Lead> Leads()
    {
        var leads = SampleGenerator.Generate(new SampleOptions(Leads: 400, Seed: 7, End: TempDb.Now, Committees: 0.5)).Select(s => s.Lead).ToList();
        // Two leads of one account with the same scores: ties in every order the roll-up sorts by.
        var twin = new Dictionary<string, string> { ["email"] = "a@tied.example", ["title"] = "VP Sales", ["seniority"] = "vp", ["function"] = "Sales" };
        Signal[] signals = [new("webinar_attended", TempDb.Now.AddDays(-130), "w"), new("pricing_page_view", TempDb.Now.AddDays(-60), "p")];
        leads.Add(Lead.Create("T-2", twin, signals));
        leads.Add(Lead.Create("T-1", new Dictionary<string, string>(twin) { ["email"] = "b@tied.example" }, signals));
        return leads;
    }

    private static void Compare(ScoreDatabase old, ScoreDatabase fresh, List<Lead> leads)
    {
        if (leads.Count > 0)
        {
            old.Leads.Save(leads);
            fresh.Leads.Save(leads);
        }

        var scorer = AccountStoreTests.Accounts.Value;
        FreshContacts? stale = null;
        var staleAsOf = DateTimeOffset.MinValue;
        static string when(DateTimeOffset at) => $"as of {at:O}";
        foreach (var asOf in Times)
        {
            new Rescorer(old, Scoring.Scorer).RescoreAll(asOf, batchSize: 97);
            // Scored without classifying (no FreshContacts): no classification is kept either, and every member is read.
            var reread = old.Accounts.Rescore(scorer, asOf);
            reread.Contacts.Fresh.ShouldBe(0);
            reread.KeptContacts.ShouldBe(0);
            old.Lifecycle.Update();

            var contacts = new FreshContacts(scorer);
            new Rescorer(fresh, Scoring.Scorer, contacts).RescoreAll(asOf, batchSize: 97);
            // Contacts of an earlier as-of time no longer match the stored cards: they are read instead.
            var rollup = fresh.Accounts.Rescore(scorer, asOf, fresh: stale ?? contacts);
            fresh.Lifecycle.Update();
            if (leads.Count > 0 && (stale is null || staleAsOf == asOf))
            {
                // Fresh, only leads not scored at this time (created later, still holding a later card) are read.
                rollup.Contacts.Fresh.ShouldBeGreaterThan(rollup.Contacts.Read * 5, when(asOf));
            }
            else if (leads.Count > 0 && fresh.KeepsContacts)
            {
                // Stale in memory, but PostgreSQL kept each classification with its card: only the cards are read.
                rollup.KeptContacts.ShouldBeGreaterThan(rollup.Contacts.Read * 5, when(asOf));
                rollup.Contacts.Fresh.ShouldBe(0, when(asOf));
            }
            else if (leads.Count > 0)
            {
                rollup.Contacts.Fresh.ShouldBeLessThan(rollup.Contacts.Read, when(asOf));
                rollup.KeptContacts.ShouldBe(0, when(asOf));
            }


            // On SQLite, the rescore's own contacts place every lead it read without reading it again;
            // stale ones (the database written since) place none. PostgreSQL cannot tell: it reads them.
            if (leads.Count > 0 && stale is null && fresh.Kind == StoreKind.Sqlite)
            {
                rollup.PlacedAsRescored.ShouldBe(contacts.Count, when(asOf));
                rollup.PlacedAsRescored.ShouldBeGreaterThan(0, when(asOf));
            }
            else
            {
                rollup.PlacedAsRescored.ShouldBe(0, when(asOf));
            }

            staleAsOf = asOf;

            stale = stale is null ? contacts : null;
            Same(old, fresh, when(asOf));
        }

        // The worker's way: a few leads, rescored later, with their contacts.
        var later = TempDb.Now.AddDays(3);
        var some = leads.Where((_, i) => i % 5 == 0).Select(l => l.LeadId).ToList();
        foreach (var (db, contacts) in new[] { (old, (FreshContacts?)null), (fresh, new FreshContacts(scorer)) })
        {
            var page = db.Leads.GetMany(some);
            var cards = page.Select(l => l.With(Scoring.Scorer.Score(l.Lead, later))).ToList();
            db.Scores.Save(cards);
            contacts?.Add(page.Zip(cards).Where(p => scorer.KeyOf(p.First.Lead) is not null).Select(p => contacts.Classify(p.First.Lead, p.Second)));
            db.Accounts.Rescore(scorer, later, some, contacts);
        }

        Same(old, fresh, "a subset, the worker's way");
    }

    private static void Same(ScoreDatabase old, ScoreDatabase fresh, string when)
    {
        foreach (var sql in new[]
                 {
                     "SELECT lead_id, account_key FROM lead_accounts ORDER BY lead_id",
                     "SELECT * FROM account_scores ORDER BY id",
                     "SELECT * FROM account_scores_current ORDER BY account_key",
                     "SELECT * FROM lifecycle_transitions ORDER BY id",
                 })
        {
            Dump(fresh, sql).ShouldBe(Dump(old, sql), $"{when}: {sql}");
        }
    }

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
