using System.Text;
using Microsoft.Data.Sqlite;
using RuleScoring.Storage.Leads;
using SQLitePCL;

namespace RuleScoring.Storage.Database;

/// <summary>
/// A query run through SQLite's own statement calls on the connection's handle (so inside
/// whatever transaction the connection has open), each row read on the statement's raw pointer
/// (<see cref="SqliteRow"/>), for the reads a rescore makes per batch: Microsoft.Data.Sqlite and
/// Dapper cost more per column than SQLite itself (taking the statement's SafeHandle on every call,
/// a string or boxed value per column). Text parameters only, by name with their @.
/// </summary>
internal static class SqliteQuery
{
    /// <summary>Calls <paramref name="row"/> for each row, in the query's order.</summary>
    public static void Each(SqliteConnection connection, string sql, IReadOnlyList<(string Name, string Value)> args, Action<SqliteRow> row)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        // The connection's mutex held once for the whole read, not taken on every column (SqliteNative.Hold).
        using var mutex = SqliteNative.Hold(db);
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        using (statement)
        {
            foreach (var (name, value) in args)
            {
                var index = raw.sqlite3_bind_parameter_index(statement, name);
                if (index <= 0)
                {
                    throw new ArgumentException($"the statement has no parameter {name}", nameof(args));
                }

                Check(raw.sqlite3_bind_text(statement, index, value), db);
            }

            int rc;
            var held = false;
            statement.DangerousAddRef(ref held);
            try
            {
                var current = new SqliteRow(statement, statement.DangerousGetHandle());
                while ((rc = current.Step()) == raw.SQLITE_ROW)
                {
                    row(current);
                }
            }
            finally
            {
                statement.DangerousRelease();
            }

            if (rc != raw.SQLITE_DONE)
            {
                Check(rc, db);
            }
        }
    }

    /// <summary>
    /// On a SQLite connection, runs <paramref name="sql"/> as <see cref="Each"/> does, with
    /// <paramref name="list"/> (a dialect's list, SQLite's JSON text; null when the query has none)
    /// bound to <c>@Ids</c>, and returns true; on another store returns false and runs nothing, for
    /// the caller's ADO.NET read.
    /// </summary>
    public static bool TryEach(System.Data.Common.DbConnection connection, string sql, object? list, Action<SqliteRow> row) =>
        TryEach(connection, sql, "@Ids", list, row);

    /// <summary>As <see cref="TryEach(System.Data.Common.DbConnection, string, object?, Action{SqliteRow})"/>, the list bound to <paramref name="parameter"/>.</summary>
    public static bool TryEach(System.Data.Common.DbConnection connection, string sql, string parameter, object? list, Action<SqliteRow> row)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return false;
        }

        Each(sqlite, sql, list is null ? [] : [(parameter, (string)list)], row);
        return true;
    }

    /// <summary>A text column as a string: null for NULL (asked only when there are no bytes, as for an empty text).</summary>
    public static string? Text(SqliteRow row, int column)
    {
        var bytes = row.Bytes(column);
        if (bytes.IsEmpty)
        {
            return row.IsNull(column) ? null : "";
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }
}
