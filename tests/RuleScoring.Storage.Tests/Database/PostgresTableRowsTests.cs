using Dapper;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Tests.Support;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Database;

/// <summary>
/// PostgreSQL inserts go as multi-row VALUES, bound by position: a few statements for thousands
/// of rows (the server parsed, planned and ran one statement per row before), each value typed
/// by its column as a single-row statement types it, ids in the order of the rows.
/// </summary>
[Collection(TestPostgres.Collection)]
public sealed class PostgresTableRowsTests(TestPostgres postgres, ITestOutputHelper output)
{
    [SkippableFact]
    public void Insert_ThousandsOfRows_FewStatementsEveryValueKindAndIdsInRowOrder()
    {
        postgres.SkipUnlessAvailable(output);
        using var db = ScoreDatabase.Open(postgres.CreateDatabase(), FixedClock.Create());
        db.Connection.Execute("""
            CREATE TABLE t (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE, n BIGINT, x DOUBLE PRECISION, at TEXT, flag INTEGER, missing BIGINT);
            CREATE TABLE statements (n INTEGER NOT NULL);
            INSERT INTO statements VALUES (0);
            CREATE FUNCTION count_statement() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE statements SET n = n + 1; RETURN NULL; END $$;
            CREATE TRIGGER t_statements AFTER INSERT ON t FOR EACH STATEMENT EXECUTE FUNCTION count_statement();
            """);
        var at = new DateTimeOffset(2026, 11, 20, 12, 0, 0, 123, TimeSpan.FromHours(2));
        using (var transaction = db.Connection.BeginTransaction())
        {
            var rows = TableRows.Insert(db.Dialect, "t", ["name", "n", "x", "at", "flag", "missing"], returningId: true);
            // 6 values a row: 3,333 rows a statement, so 5,001 rows make one whole chunk and a partial one.
            // Names in descending order: ids must follow the rows, not the names.
            for (var i = 0; i < 5001; i++)
            {
                rows.Add($"lead-{5000 - i:0000}", i * 10_000_000_000L, i + 0.25m, at.AddSeconds(i), i % 2 == 0, null);
            }

            var ids = rows.Complete(db.Connection, transaction);
            transaction.Commit();

            ids.Count.ShouldBe(5001);
            var stored = db.Connection.Query<(long Id, string Name, long N, double X, string At, int Flag, long? Missing)>("SELECT id, name, n, x, at, flag, missing FROM t")
                .ToDictionary(r => r.Id);
            for (var i = 0; i < 5001; i += 250)
            {
                var row = stored[ids[i]];
                row.Name.ShouldBe($"lead-{5000 - i:0000}");
                row.N.ShouldBe(i * 10_000_000_000L);
                row.X.ShouldBe(i + 0.25);
                row.At.ShouldBe(SqlTimestamp.Format(at.AddSeconds(i)));
                row.Flag.ShouldBe(i % 2 == 0 ? 1 : 0);
                row.Missing.ShouldBeNull();
            }
        }

        db.Connection.ExecuteScalar<int>("SELECT n FROM statements").ShouldBe(2);
    }

    [SkippableFact]
    public void Insert_OnConflictTail_AppliesToEveryRow()
    {
        postgres.SkipUnlessAvailable(output);
        using var db = ScoreDatabase.Open(postgres.CreateDatabase(), FixedClock.Create());
        db.Connection.Execute("CREATE TABLE t (name TEXT PRIMARY KEY, n BIGINT NOT NULL)");
        db.Connection.Execute("INSERT INTO t VALUES ('kept', 1), ('moved', 2)");
        using (var transaction = db.Connection.BeginTransaction())
        {
            var rows = TableRows.Insert(db.Dialect, "t", ["name", "n"], "ON CONFLICT (name) DO UPDATE SET n = excluded.n WHERE t.name <> 'kept'");
            rows.Add("kept", 10);
            rows.Add("moved", 20);
            rows.Add("new", 30);
            rows.Complete(db.Connection, transaction);
            transaction.Commit();
        }

        db.Connection.Query<(string, long)>("SELECT name, n FROM t ORDER BY name").ShouldBe([("kept", 1), ("moved", 20), ("new", 30)]);
    }
}
