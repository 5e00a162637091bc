using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using RuleScoring.Core.Accounts;
using RuleScoring.SampleData;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Accounts;

/// <summary>
/// Migration 0014: an account's current row may leave its card to its history row (null). A
/// database whose current rows all hold their cards reads the same cards after it, on both
/// stores, and a roll-up after it stores a changed card once, not twice, reading back the same.
/// </summary>
[Collection(TestPostgres.Collection)]
public sealed class AccountCurrentCardMigrationTests(TestPostgres postgres, ITestOutputHelper output)
{
    private static readonly DateTimeOffset Before = TempDb.Now.AddDays(-30);

    [Fact]
    public void Sqlite_CurrentRowsHoldingTheirCards_ReadTheSameCardsAfterTheMigration()
    {
        using var source = RolledUp();
        using var folder = new TempFolder("rulescoring-migration-tests");
        var path = Path.Combine(folder.Path, "old.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
            connection.Execute("PRAGMA foreign_keys = ON");
            StoreAsBefore(connection, SqlDialect.Sqlite, source.Db);
        }

        using var db = ScoreDatabase.Open(path, FixedClock.Create());
        Migrated(db, source.Db);
        db.Connection.Query<string>("PRAGMA foreign_key_check").ShouldBeEmpty();
        db.Connection.ExecuteScalar<long>("SELECT \"notnull\" FROM pragma_table_info('account_scores_current') WHERE name = 'card'").ShouldBe(0);
        db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'ix_account_current_tier'").ShouldBe(1);
    }

    [SkippableFact]
    public void Postgres_CurrentRowsHoldingTheirCards_ReadTheSameCardsAfterTheMigration()
    {
        postgres.SkipUnlessAvailable(output);
        using var source = RolledUp();
        var target = postgres.CreateDatabase();
        PostgresTarget.TryParse(target, out var parsed).ShouldBeTrue();
        using (var connection = new NpgsqlConnection(parsed!.ConnectionString))
        {
            connection.Open();
            StoreAsBefore(connection, SqlDialect.Postgres, source.Db);
        }

        using var db = ScoreDatabase.Open(target, FixedClock.Create());
        Migrated(db, source.Db);
    }

    [Fact]
    public void RollUp_ACardThatChanged_IsStoredOnceAndReadsBackWhole()
    {
        using var temp = RolledUp();
        var db = temp.Db;

        // The first roll-up stored every card as a new history row: the current rows point at them.
        db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM account_scores_current WHERE card IS NOT NULL").ShouldBe(0);
        var first = Cards(db);

        // Nine days on, no signal: most cards keep their meaning and the current row keeps the newer card.
        var later = TempDb.Now.AddDays(9);
        new Rescorer(db, Scoring.Scorer).RescoreAll(later);
        var again = db.Accounts.Rescore(new AccountScorer(Scoring.Scorer.RuleSet), later);
        var kept = db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM account_scores_current WHERE card IS NOT NULL");
        kept.ShouldBe(again.Accounts - again.HistoryRows);
        kept.ShouldBeGreaterThan(0);

        // Each reads as the card its roll-up scored: as of the later time, whichever row holds it.
        var now = Cards(db);
        now.Count.ShouldBe(first.Count);
        now.ShouldAllBe(c => c.Card.AsOf == later);
        foreach (var (key, card) in now)
        {
            db.Accounts.History(key)[^1].Card.Score.ShouldBe(card.Score, key);
        }
    }

    private static TempDb RolledUp()
    {
        var temp = new TempDb();
        temp.Db.Leads.Save(SampleGenerator.Generate(new SampleOptions(300, 31, TempDb.Now)).Select(s => s.Lead).ToList());
        new Rescorer(temp.Db, Scoring.Scorer).RescoreAll(TempDb.Now);
        temp.Db.Accounts.Rescore(new AccountScorer(Scoring.Scorer.RuleSet), TempDb.Now);
        return temp;
    }

    private static List<(string Key, AccountCard Card)> Cards(ScoreDatabase db) =>
        db.Connection.Query<string>("SELECT account_key FROM account_scores_current ORDER BY account_key")
            .Select(key => (key, db.Accounts.Current(key)!.Card)).ToList();

    /// <summary>Migrations up to 0013 and, as that build wrote them, the source's account history and current rows, each current row with its card.</summary>
    private static void StoreAsBefore(DbConnection connection, SqlDialect dialect, ScoreDatabase source)
    {
        Migrator.Apply(connection, dialect, "old", Before, upTo: 13);
        var history = source.Connection.Query<HistoryRow>("""
            SELECT id AS Id, account_key AS AccountKey, as_of AS AsOf, scored_at AS ScoredAt, rules_version AS RulesVersion, rules_hash AS RulesHash,
                   score AS Score, tier AS Tier, tier_rule AS TierRule, previous_tier AS PreviousTier, contacts AS Contacts, engaged AS Engaged,
                   roles_covered AS RolesCovered, roles_total AS RolesTotal, card AS Card
            FROM account_scores ORDER BY id
            """).ToList();
        connection.Execute("""
            INSERT INTO account_scores (id, account_key, as_of, scored_at, rules_version, rules_hash, score, tier, tier_rule, previous_tier,
                contacts, engaged, roles_covered, roles_total, card)
            VALUES (@Id, @AccountKey, @AsOf, @ScoredAt, @RulesVersion, @RulesHash, @Score, @Tier, @TierRule, @PreviousTier,
                @Contacts, @Engaged, @RolesCovered, @RolesTotal, @Card)
            """, history);
        var current = source.Connection.Query<CurrentRow>("""
            SELECT c.account_key AS AccountKey, c.score_id AS ScoreId, c.as_of AS AsOf, c.score AS Score, c.tier AS Tier, c.card_sha AS CardSha,
                   COALESCE(c.card, s.card) AS Card, c.updated_at AS UpdatedAt
            FROM account_scores_current c JOIN account_scores s ON s.id = c.score_id ORDER BY c.account_key
            """).ToList();
        current.Count.ShouldBeGreaterThan(20);
        connection.Execute("""
            INSERT INTO account_scores_current (account_key, score_id, as_of, score, tier, card_sha, card, updated_at)
            VALUES (@AccountKey, @ScoreId, @AsOf, @Score, @Tier, @CardSha, @Card, @UpdatedAt)
            """, current);
    }

    private static void Migrated(ScoreDatabase db, ScoreDatabase source)
    {
        db.AppliedMigrations[0].ShouldBe("0014_account_current_card.sql");
        Cards(db).Select(c => (c.Key, AccountCardJson.Serialize(c.Card))).ShouldBe(Cards(source).Select(c => (c.Key, AccountCardJson.Serialize(c.Card))));
        db.Accounts.Top(5).Select(a => a.Card.AccountKey).ShouldBe(source.Accounts.Top(5).Select(a => a.Card.AccountKey));
        db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM account_scores_current WHERE card IS NULL").ShouldBe(0, "rows stored before keep their cards");
    }

    private sealed record HistoryRow(long Id, string AccountKey, string AsOf, string ScoredAt, string RulesVersion, string RulesHash, double Score, string? Tier,
        string? TierRule, string? PreviousTier, long Contacts, long Engaged, long RolesCovered, long RolesTotal, string Card);

    private sealed record CurrentRow(string AccountKey, long ScoreId, string AsOf, double Score, string? Tier, string CardSha, string Card, string UpdatedAt);
}
