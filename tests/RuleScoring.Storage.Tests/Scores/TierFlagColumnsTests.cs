using Dapper;
using RuleScoring.SampleData;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Scores;

/// <summary>scores.is_mql / is_sql (migration 0006): written with each card, and filled from the cards of a database made before.</summary>
[Collection(TestPostgres.Collection)]
public sealed class TierFlagColumnsTests(TestPostgres postgres, ITestOutputHelper output)
{
    private const string Mismatches = """
        SELECT COUNT(*) FROM scores
        WHERE is_mql <> CASE WHEN card LIKE '%"mql":true%' THEN 1 ELSE 0 END
           OR is_sql <> CASE WHEN card LIKE '%"sql":true%' THEN 1 ELSE 0 END
        """;

    [Fact]
    public void Sqlite_CardsStoredThenUpgradedFromSchema5_FlagsAgreeWithEveryCard()
    {
        using var temp = new TempDb();
        Check(temp.Db.OpenAnother());
    }

    [SkippableFact]
    public void Postgres_CardsStoredThenUpgradedFromSchema5_FlagsAgreeWithEveryCard()
    {
        postgres.SkipUnlessAvailable(output);
        Check(ScoreDatabase.Open(postgres.CreateDatabase(), TimeProvider.System));
    }

    private static void Check(ScoreDatabase opened)
    {
        var db = opened;
        try
        {
            // Whole cards, as a schema 5 database holds them (and the checks below read their text).
            db.Scores.WriteCompact = false;
            db.Leads.Save(SampleGenerator.Generate(new SampleOptions(200, 5, TempDb.Now)).Select(s => s.Lead).ToList());
            new Rescorer(db, Scoring.Scorer).RescoreAll(TempDb.Now);
            var flagged = db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores WHERE is_mql = 1");

            flagged.ShouldBeGreaterThan(0, "the sample has MQLs");
            db.Connection.ExecuteScalar<long>(Mismatches).ShouldBe(0, "written with each card");

            // Without migration 6, as a database made before the columns existed, then opened again.
            // The later migrations stay applied (each is applied when missing, whatever its
            // neighbours), so this holds however many come after it.
            db.Connection.Execute("ALTER TABLE scores DROP COLUMN is_mql; ALTER TABLE scores DROP COLUMN is_sql; DELETE FROM schema_migrations WHERE version = 6");
            var reopened = db.OpenAnother();
            db.Dispose();
            db = reopened;

            db.AppliedMigrations.ShouldBe(["0006_tier_flags.sql"]);
            db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores WHERE is_mql = 1").ShouldBe(flagged);
            db.Connection.ExecuteScalar<long>(Mismatches).ShouldBe(0, "filled from the stored cards");
        }
        finally
        {
            db.Dispose();
        }
    }
}
