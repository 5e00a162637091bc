using Dapper;
using Microsoft.Data.Sqlite;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Database;

/// <summary>Rows read on SQLite's statement directly (the rescore's per-batch reads): values as stored, in the open transaction, errors as SQLite's.</summary>
public sealed class SqliteQueryTests
{
    [Fact]
    public void Each_ReadsTextNullEmptyAndIntegers_InsideTheOpenTransaction()
    {
        using var temp = new TempDb();
        var connection = (SqliteConnection)temp.Db.Connection;
        connection.Execute("CREATE TABLE t (k TEXT, n INTEGER, x TEXT)");
        using var transaction = connection.BeginTransaction();
        connection.Execute("INSERT INTO t VALUES ('a', 1, ''), ('b', 3000000000, NULL), ('c', -2, 'Müller 東京'), ('d', 4, 'left out')", transaction: transaction);

        var rows = new List<(string? K, long N, string? X)>();
        SqliteQuery.Each(connection, "SELECT k, n, x FROM t WHERE k IN (SELECT value FROM json_each(@Ids)) ORDER BY k", [("@Ids", """["a","b","c"]""")],
            row => rows.Add((SqliteQuery.Text(row, 0), row.Int64(1), SqliteQuery.Text(row, 2))));

        rows.ShouldBe([("a", 1L, ""), ("b", 3_000_000_000L, null), ("c", -2L, "Müller 東京")]);
    }

    [Fact]
    public void Each_ParameterTheStatementLacks_IsRefusedByName()
    {
        using var temp = new TempDb();
        var connection = (SqliteConnection)temp.Db.Connection;

        Should.Throw<ArgumentException>(() => SqliteQuery.Each(connection, "SELECT 1", [("@Ids", "[]")], _ => { })).Message.ShouldContain("@Ids");
    }

    [Fact]
    public void Each_BadSql_IsSqlitesError()
    {
        using var temp = new TempDb();
        var connection = (SqliteConnection)temp.Db.Connection;

        Should.Throw<SqliteException>(() => SqliteQuery.Each(connection, "SELECT nope FROM missing_table", [], _ => { })).Message.ShouldContain("missing_table");
    }
}
