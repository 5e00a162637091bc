using Dapper;
using RuleScoring.SampleData;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Scores;

/// <summary>
/// On PostgreSQL a batch moves each lead's current score, tier and due time included, in a few
/// multi-row statements: the tier and due time used to follow as one single-row UPDATE per lead
/// (200,000 of them in a rule change of 200,000 leads). What it stores is what SQLite stores.
/// </summary>
[Collection(TestPostgres.Collection)]
public sealed class PostgresCurrentScoreStatementsTests(TestPostgres postgres, ITestOutputHelper output)
{
    private const int Leads = 300;

    [SkippableFact]
    public void Rescore_LaterAsOf_FewUpdateStatementsAndTheCurrentRowsSqliteStores()
    {
        postgres.SkipUnlessAvailable(output);
        using var pg = ScoreDatabase.Open(postgres.CreateDatabase(), FixedClock.Create());
        using var lite = new TempDb();
        pg.Connection.Execute("""
            CREATE TABLE update_statements (n INTEGER NOT NULL);
            INSERT INTO update_statements VALUES (0);
            CREATE FUNCTION count_update_statement() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE update_statements SET n = n + 1; RETURN NULL; END $$;
            """);

        foreach (var db in new[] { pg, lite.Db })
        {
            db.Leads.Save(SampleGenerator.Generate(new SampleOptions(Leads, 7, TempDb.Now)).Select(s => s.Lead).ToList());
            new Rescorer(db, Scoring.Scorer).RescoreAll(TempDb.Now);
        }

        pg.Connection.Execute("CREATE TABLE first_score_ids AS SELECT lead_id, score_id FROM scores_current");

        // Counted from here: the rescore 40 days on, where ages move, cards change and due times with them.
        pg.Connection.Execute("CREATE TRIGGER scores_current_updates AFTER UPDATE ON scores_current FOR EACH STATEMENT EXECUTE FUNCTION count_update_statement()");
        var later = TempDb.Now.AddDays(40);
        foreach (var db in new[] { pg, lite.Db })
        {
            new Rescorer(db, Scoring.Scorer).RescoreAll(later);
        }

        // A lead whose card stayed the same keeps its history row and has its current row refreshed,
        // one statement each; every other lead's goes with the upsert, which counts as an UPDATE
        // statement too (one per chunk of rows). Before, each lead added one more.
        var refreshed = pg.Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM scores_current c JOIN first_score_ids f ON f.lead_id = c.lead_id AND f.score_id = c.score_id");
        refreshed.ShouldBeLessThan(Leads / 2, "most cards change 40 days on");
        pg.Connection.ExecuteScalar<int>("SELECT n FROM update_statements").ShouldBeLessThanOrEqualTo(refreshed + 3);

        const string current = "SELECT lead_id, as_of, tier, next_change_at, rules_hash, card_sha FROM scores_current ORDER BY lead_id";
        var fromPostgres = pg.Connection.Query<(string, string, string?, string?, string, string)>(current).ToList();
        var fromSqlite = lite.Db.Connection.Query<(string, string, string?, string?, string, string)>(current).ToList();
        fromPostgres.Count.ShouldBe(Leads);
        fromPostgres.ShouldBe(fromSqlite);
        fromPostgres.Select(r => r.Item4).Distinct().Count().ShouldBeGreaterThan(1, "due times differ from lead to lead");
        fromPostgres.Count(r => r.Item3 is not null).ShouldBeGreaterThan(0, "leads have tiers");
    }
}
