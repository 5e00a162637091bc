using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Scores;

/// <summary>
/// Migration 0013: history rows stored with the rule set's name, version and hash in each row get
/// rule_versions' id instead, on both stores; every row keeps its rule set, rows of a rule set
/// rule_versions had missed included, and what points at the rows still does.
/// </summary>
[Collection(TestPostgres.Collection)]
public sealed class HistoryRulesIdMigrationTests(TestPostgres postgres, ITestOutputHelper output)
{
    private const string Before = "2026-11-01T00:00:00.0000000Z";

    [Fact]
    public void Sqlite_HistoryStoredWithRulesText_NamesItsRuleSetById()
    {
        using var folder = new TempFolder("rulescoring-migration-tests");
        var path = Path.Combine(folder.Path, "old.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
            connection.Execute("PRAGMA foreign_keys = ON");
            StoreAsBefore(connection, SqlDialect.Sqlite);
        }

        using var db = ScoreDatabase.Open(path, FixedClock.Create());
        Migrated(db);
        db.Connection.Query<string>("PRAGMA foreign_key_check").ShouldBeEmpty();
    }

    [SkippableFact]
    public void Postgres_HistoryStoredWithRulesText_NamesItsRuleSetById()
    {
        postgres.SkipUnlessAvailable(output);
        var target = postgres.CreateDatabase();
        PostgresTarget.TryParse(target, out var parsed).ShouldBeTrue();
        using (var connection = new NpgsqlConnection(parsed!.ConnectionString))
        {
            connection.Open();
            StoreAsBefore(connection, SqlDialect.Postgres);
        }

        using var db = ScoreDatabase.Open(target, FixedClock.Create());
        Migrated(db);
    }

    /// <summary>
    /// Migrations up to 0012 and, as that build wrote them, three history rows: two of one lead
    /// under two rule sets, one under a rule set missing from rule_versions; a current row, an SLA
    /// task and an outbox row pointing at them.
    /// </summary>
    private static void StoreAsBefore(DbConnection connection, SqlDialect dialect)
    {
        Migrator.Apply(connection, dialect, "old", DateTimeOffset.Parse(Before), upTo: 12);
        connection.Execute("""
            INSERT INTO leads (lead_id, attributes, first_seen_at, updated_at) VALUES
                ('L-1', '{}', @Before, @Before), ('L-2', '{}', @Before, @Before);
            INSERT INTO rule_versions (rules_version, rules_hash, rules_name, first_seen_at) VALUES
                ('1.1.0', 'sha256:bbb', 'team', '2026-10-02T00:00:00.0000000Z'),
                ('1.0.0', 'sha256:aaa', 'team', '2026-10-01T00:00:00.0000000Z');
            """, new { Before });
        foreach (var (lead, version, hash, name, asOf) in new[]
                 {
                     ("L-1", "1.0.0", "sha256:aaa", "team", "2026-10-01T00:00:00.0000000Z"),
                     ("L-1", "1.1.0", "sha256:bbb", "team", "2026-10-02T00:00:00.0000000Z"),
                     ("L-2", "0.9.0", "sha256:zzz", "old-team", "2026-09-30T00:00:00.0000000Z"),
                 })
        {
            connection.Execute("""
                INSERT INTO scores (lead_id, as_of, scored_at, rules_name, rules_version, rules_hash, motion, fit_raw, fit_score,
                    intent_raw, intent_score, behavior_raw, behavior_score, composite, tier, disqualified, card, is_mql, is_sql)
                VALUES (@Lead, @AsOf, @AsOf, @Name, @Version, @Hash, 'inbound', 10, 10, 20, 20, 30, 30, 55.5, 'B', 0, '{}', 1, 0)
                """, new { Lead = lead, AsOf = asOf, Name = name, Version = version, Hash = hash });
        }

        connection.Execute("""
            INSERT INTO scores_current (lead_id, score_id, as_of, rules_hash, composite, tier, disqualified, signal_seq, card_sha, updated_at)
            SELECT lead_id, MAX(id), MAX(as_of), 'sha256:bbb', 55.5, 'B', 0, 0, 'x', @Before FROM scores GROUP BY lead_id;
            INSERT INTO sla_tasks (lead_id, score_id, tier, sales_action, opened_at, due_at)
            SELECT lead_id, id, 'B', 'call', as_of, as_of FROM scores WHERE rules_version = '1.1.0';
            INSERT INTO score_changes (lead_id, score_id, as_of, from_tier, to_tier, composite, rules_version, rules_hash, created_at)
            SELECT lead_id, id, as_of, NULL, 'B', 55.5, rules_version, rules_hash, @Before FROM scores WHERE rules_version = '1.1.0';
            """, new { Before });
    }

    private static void Migrated(ScoreDatabase db)
    {
        db.AppliedMigrations[0].ShouldBe("0013_history_rules_id.sql");
        var history = db.Connection.Query<(string Lead, string Name, string Version, string Hash)>("""
            SELECT s.lead_id, v.rules_name, v.rules_version, v.rules_hash FROM scores s JOIN rule_versions v ON v.id = s.rules_id ORDER BY s.id
            """).ToList();
        history.ShouldBe([("L-1", "team", "1.0.0", "sha256:aaa"), ("L-1", "team", "1.1.0", "sha256:bbb"), ("L-2", "old-team", "0.9.0", "sha256:zzz")]);

        // Numbered in the order first seen; the rule set only history named got the time it first scored.
        db.Connection.Query<(long Id, string Version, string FirstSeen)>("SELECT id, rules_version, first_seen_at FROM rule_versions ORDER BY id")
            .ShouldBe([(1L, "0.9.0", "2026-09-30T00:00:00.0000000Z"), (2L, "1.0.0", "2026-10-01T00:00:00.0000000Z"), (3L, "1.1.0", "2026-10-02T00:00:00.0000000Z")]);
        var columns = db.Kind == StoreKind.Sqlite
            ? db.Connection.Query<string>("SELECT name FROM pragma_table_info('scores')").ToList()
            : db.Connection.Query<string>("SELECT column_name FROM information_schema.columns WHERE table_name = 'scores'").ToList();
        columns.ShouldContain("rules_id");
        columns.ShouldNotContain("rules_hash");
        columns.ShouldNotContain("rules_version");
        columns.ShouldNotContain("rules_name");

        // What pointed at the rows still does, and the outbox names the rule set the way it did.
        db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores_current c JOIN scores s ON s.id = c.score_id").ShouldBe(2);
        db.Connection.ExecuteScalar<string>("SELECT v.rules_version FROM sla_tasks t JOIN scores s ON s.id = t.score_id JOIN rule_versions v ON v.id = s.rules_id")
            .ShouldBe("1.1.0");

        // The next rule set gets the next id, and its rows name it.
        db.Leads.Save([HotLeads.Hot("L-3", "vp@acme.com", DateTimeOffset.Parse(Before))]);
        new Rescorer(db, Scoring.Scorer).RescoreAll(DateTimeOffset.Parse(Before));
        var shipped = Scoring.Scorer.RuleSet.Identity;
        db.Connection.ExecuteScalar<long>("SELECT id FROM rule_versions WHERE rules_hash = @Hash", new { shipped.Hash }).ShouldBe(4);
        db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores WHERE rules_id = 4").ShouldBe(3, "all three leads scored under the shipped rules");
        db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores WHERE rules_id IS NULL").ShouldBe(0);
    }
}
