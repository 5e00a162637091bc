using Dapper;
using Microsoft.Data.Sqlite;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Database;

/// <summary>Rows written in chunks, bound by position on SQLite's handle: values, ids and errors as a command gives them.</summary>
public sealed class TableRowsTests
{
    private const string Table = "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, n INTEGER, x REAL, at TEXT, flag INTEGER, missing TEXT)";

    [Fact]
    public void ManyChunks_EveryValueKindAndIdLineUpWithTheRows()
    {
        using var temp = new TempDb();
        var db = temp.Db;
        db.Connection.Execute(Table);
        var at = new DateTimeOffset(2026, 11, 20, 12, 0, 0, 123, TimeSpan.FromHours(2));
        using var transaction = db.Connection.BeginTransaction();
        var rows = TableRows.Insert(db.Dialect, "t", ["name", "n", "x", "at", "flag", "missing"], returningId: true);
        // 6 values a row: 333 rows a chunk, so 1,001 rows make three whole chunks and a partial one.
        for (var i = 0; i < 1001; i++)
        {
            rows.Add($"lead-{i:0000}", i * 10_000_000_000L, i + 0.25m, at.AddSeconds(i), i % 2 == 0, null);
        }

        var ids = rows.Complete(db.Connection, transaction);
        transaction.Commit();

        var stored = db.Connection.Query<(long Id, string Name, long N, double X, string At, long Flag, string? Missing)>("SELECT id, name, n, x, at, flag, missing FROM t").ToDictionary(r => r.Id);
        ids.Count.ShouldBe(1001);
        for (var i = 0; i < 1001; i += 250)
        {
            var row = stored[ids[i]];
            row.Name.ShouldBe($"lead-{i:0000}");
            row.N.ShouldBe(i * 10_000_000_000L);
            row.X.ShouldBe(i + 0.25);
            row.At.ShouldBe(SqlTimestamp.Format(at.AddSeconds(i)));
            row.Flag.ShouldBe(i % 2 == 0 ? 1 : 0);
            row.Missing.ShouldBeNull();
        }
    }

    [Fact]
    public void Texts_EmptyNonAsciiAndLong_BindAsTheyAreWithTheirStorageClass()
    {
        // Bound on the statement's raw pointer, a string's UTF-8 in one reused buffer: where the
        // lookup of SQLite's functions failed, this would test SQLitePCL's binds instead.
        SqliteNative.Available.ShouldBeTrue();
        using var temp = new TempDb();
        var db = temp.Db;
        db.Connection.Execute("CREATE TABLE v (k INTEGER PRIMARY KEY, value)");
        var long1 = string.Concat(Enumerable.Repeat("Zürich ✓ 😀 ", 400));
        object?[] values = ["", "Müller & Søn — 東京", long1, "short after long", 7, 3_000_000_000L, true, 2.5, 0.1m, DBNull.Value, null, new byte[] { 1, 0, 2 }, Array.Empty<byte>()];
        using (var transaction = db.Connection.BeginTransaction())
        {
            var rows = TableRows.Insert(db.Dialect, "v", ["k", "value"]);
            for (var i = 0; i < values.Length; i++)
            {
                rows.Add(i, values[i]);
            }

            rows.Complete(db.Connection, transaction);
            transaction.Commit();
        }

        var stored = new List<(string Type, object? Value)>();
        using (var command = db.Connection.CreateCommand())
        {
            command.CommandText = "SELECT typeof(value), value FROM v ORDER BY k";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                stored.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetValue(1)));
            }
        }

        stored.Select(r => r.Type).ShouldBe(["text", "text", "text", "text", "integer", "integer", "integer", "real", "real", "null", "null", "blob", "blob"]);
        stored[0].Value.ShouldBe("");
        stored[1].Value.ShouldBe("Müller & Søn — 東京");
        stored[2].Value.ShouldBe(long1);
        stored[3].Value.ShouldBe("short after long");
        stored[4].Value.ShouldBe(7L);
        stored[5].Value.ShouldBe(3_000_000_000L);
        stored[6].Value.ShouldBe(1L);
        stored[7].Value.ShouldBe(2.5);
        stored[8].Value.ShouldBe(0.1);
        ((byte[])stored[11].Value!).ShouldBe(new byte[] { 1, 0, 2 });
        ((byte[])stored[12].Value!).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Update_OnlyWhereChanged_LeavesTheRowsThatHoldTheValuesAlone(bool onlyWhereChanged)
    {
        using var temp = new TempDb();
        var db = temp.Db;
        db.Connection.Execute(Table);
        db.Connection.Execute("CREATE TABLE touched (name TEXT); CREATE TRIGGER t_touched AFTER UPDATE ON t BEGIN INSERT INTO touched VALUES (new.name); END;");
        var at = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
        db.Connection.Execute("INSERT INTO t (name, n, at) VALUES ('same', 1, @At), ('both-null', 2, NULL), ('moved', 3, @At), ('now-null', 4, @At)", new { At = SqlTimestamp.Format(at) });

        using (var transaction = db.Connection.BeginTransaction())
        {
            var update = TableRows.Update(db.Dialect, "t", "name", ["n", "at"], onlyWhereChanged);
            update.Add(1, at, "same");
            update.Add(2, null, "both-null");
            update.Add(3, at.AddDays(1), "moved");
            update.Add(4, null, "now-null");
            update.Complete(db.Connection, transaction);
            transaction.Commit();
        }

        db.Connection.Query<string>("SELECT name FROM touched ORDER BY name")
            .ShouldBe(onlyWhereChanged ? ["moved", "now-null"] : ["both-null", "moved", "now-null", "same"]);
        db.Connection.Query<(string, long, string?)>("SELECT name, n, at FROM t ORDER BY name").ShouldBe([
            ("both-null", 2, null), ("moved", 3, SqlTimestamp.Format(at.AddDays(1))), ("now-null", 4, null), ("same", 1, SqlTimestamp.Format(at))]);
    }

    [Fact]
    public void ConstraintBroken_IsSqlitesErrorAndTheTransactionKeepsNothing()
    {
        using var temp = new TempDb();
        var db = temp.Db;
        db.Connection.Execute(Table);
        using (var transaction = db.Connection.BeginTransaction())
        {
            var rows = TableRows.Insert(db.Dialect, "t", ["name"]);
            rows.Add("same");
            rows.Add("other");
            rows.Add("same");

            var ex = Should.Throw<SqliteException>(() => rows.Complete(db.Connection, transaction));
            ex.SqliteErrorCode.ShouldBe(19); // SQLITE_CONSTRAINT
            ex.Message.ShouldContain("UNIQUE constraint failed: t.name");
        }

        db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM t").ShouldBe(0);

        // The handle is usable after the failed statement: the next batch writes.
        using var next = db.Connection.BeginTransaction();
        var again = TableRows.Insert(db.Dialect, "t", ["name"]);
        again.Add("same");
        again.Complete(db.Connection, next);
        next.Commit();
        db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM t").ShouldBe(1);
    }

    [Fact]
    public void ValueOfAnUnknownKind_IsRefusedByName()
    {
        using var temp = new TempDb();
        var db = temp.Db;
        db.Connection.Execute(Table);
        using var transaction = db.Connection.BeginTransaction();
        var rows = TableRows.Insert(db.Dialect, "t", ["name"]);
        rows.Add(Guid.Empty);

        Should.Throw<NotSupportedException>(() => rows.Complete(db.Connection, transaction)).Message.ShouldContain("Guid");
    }
}
