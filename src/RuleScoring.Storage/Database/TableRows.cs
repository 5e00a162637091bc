using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace RuleScoring.Storage.Database;

/// <summary>
/// A batch of rows written to one table with a few statements instead of one per row. On SQLite
/// the rows go as multi-row <c>VALUES (...), (...)</c>, one prepared statement per chunk, its
/// values bound by position on the connection's handle. On PostgreSQL an insert goes as
/// multi-row <c>VALUES</c> too, bound by position (<c>$1</c>, ...), and an update through
/// <see cref="BulkCommand"/> (one round trip per 1,000 single-row statements, where Dapper's list
/// form made one per row). Values convert as there: timestamps to
/// <see cref="SqlTimestamp"/> text, decimals to double, booleans to 0/1.
/// </summary>
internal sealed class TableRows
{
    // Below SQLite's limit of 32,766. Bound by position, a value costs the same however many the
    // statement has (bound by name, through SqliteCommand, each was looked up among all of them,
    // and 200 per statement was the best that did). The rows as one JSON parameter read by
    // json_each measured 3x slower for the history: each card is escaped and parsed again.
    private const int ParametersPerStatement = 2000;

    // PostgreSQL takes up to 65,535 values a statement; 1,000 rows of the widest table (scores) fit.
    private const int PostgresParametersPerStatement = 20_000;

    private readonly SqlDialect _dialect;
    private readonly string _rowSql;
    private readonly Func<string, string> _chunkSql;
    private readonly bool _returnsValue;
    private readonly string[] _names;
    private readonly List<object?[]> _rows = [];
    private readonly bool _insert;
    // A string's or a time's UTF-8 while it is bound (SQLite copies it): one buffer instead of an
    // array per value, made at the first one bound (PostgreSQL and rows without either never need it).
    private byte[]? _utf8;

    private TableRows(SqlDialect dialect, string rowSql, Func<string, string> chunkSql, bool returnsValue, string[] names, bool insert)
    {
        _insert = insert;
        _dialect = dialect;
        _rowSql = rowSql;
        _chunkSql = chunkSql;
        _returnsValue = returnsValue;
        _names = names;
    }

    /// <summary>
    /// <c>INSERT INTO table (columns) VALUES ... tail</c>, the rows in the order added. With
    /// <paramref name="returningId"/>, <see cref="Complete"/> gives each row's new id.
    /// </summary>
    public static TableRows Insert(SqlDialect dialect, string table, string[] columns, string tail = "", bool returningId = false)
    {
        var head = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES";
        var returning = returningId ? " RETURNING id" : "";
        return new TableRows(dialect, $"{head} ({string.Join(", ", columns.Select(c => "@" + c))}) {tail}{returning}",
            values => $"{head} {values} {tail}{returning}", returningId, columns, insert: true);
    }

    /// <summary><c>UPDATE table SET columns WHERE key = the row's key</c>; rows are added as the columns' values, then the key.</summary>
    /// <param name="onlyWhereChanged">
    /// Leave alone the rows whose columns already hold these values. For indexed columns: SQLite
    /// moves a row's index entries whenever its UPDATE sets an indexed column, to the same value
    /// too, and scores_current's due-time index is keyed in no order a batch follows, so setting
    /// it for 1,000 leads dirtied ~500 of its pages (measured: a WAL of 4 MB instead of 74 KB).
    /// </param>
    public static TableRows Update(SqlDialect dialect, string table, string key, string[] columns, bool onlyWhereChanged = false)
    {
        var rowChanged = onlyWhereChanged ? $" AND ({string.Join(" OR ", columns.Select(c => $"{c} IS DISTINCT FROM @{c}"))})" : "";
        var chunkChanged = onlyWhereChanged ? $" AND ({string.Join(" OR ", columns.Select(c => $"{table}.{c} IS DISTINCT FROM r.{c}"))})" : "";
        var rowSql = $"UPDATE {table} SET {string.Join(", ", columns.Select(c => $"{c} = @{c}"))} WHERE {key} = @{key}{rowChanged}";
        return new TableRows(dialect, rowSql, values => $"""
            WITH r ({string.Join(", ", columns)}, {key}) AS (VALUES {values})
            UPDATE {table} SET {string.Join(", ", columns.Select(c => $"{c} = r.{c}"))} FROM r WHERE {table}.{key} = r.{key}{chunkChanged}
            """, returnsValue: false, [.. columns, key], insert: false);
    }

    /// <summary>One row's values, in the order of the columns.</summary>
    public void Add(params object?[] values)
    {
        if (values.Length != _names.Length)
        {
            throw new ArgumentException($"expected {_names.Length} values, got {values.Length}", nameof(values));
        }

        _rows.Add(values);
    }

    /// <summary>Writes the rows; with RETURNING id, returns each row's id in the order the rows were added.</summary>
    public IReadOnlyList<long> Complete(DbConnection connection, DbTransaction transaction)
    {
        if (_rows.Count == 0)
        {
            return [];
        }

        if (_dialect.Kind != StoreKind.Sqlite && _insert)
        {
            return CompletePositional(connection, transaction);
        }

        if (_dialect.Kind != StoreKind.Sqlite)
        {
            using var bulk = new BulkCommand(connection, transaction, _rowSql, _returnsValue, _names);
            foreach (var row in _rows)
            {
                bulk.Add(row);
            }

            return bulk.Complete();
        }

        // The connection's own handle: the statements run in its open transaction, as any command on it.
        return CompleteByPosition(((SqliteConnection)connection).Handle
            ?? throw new InvalidOperationException("TableRows needs an open SQLite connection"));
    }

    /// <summary>
    /// The SQLite chunks, each value bound by its position on the connection's own handle (in the
    /// open transaction, as any command on it). Binding by name made SQLite look each name up
    /// among all of the statement's parameters, converting it to UTF-8 each time: 40 % of the
    /// writing thread's samples in a rescore of 200,000 leads, which now takes 21.4 s instead of 24.2 s.
    /// </summary>
    private unsafe IReadOnlyList<long> CompleteByPosition(sqlite3 handle)
    {
        var ids = new List<long>(_returnsValue ? _rows.Count : 0);
        var rowsPerChunk = Math.Max(1, ParametersPerStatement / _names.Length);
        // The connection's mutex held once for every bind and step, not taken on each (SqliteNative.Hold).
        using var mutex = SqliteNative.Hold(handle);
        sqlite3_stmt? full = null;
        try
        {
            for (var start = 0; start < _rows.Count; start += rowsPerChunk)
            {
                var count = Math.Min(rowsPerChunk, _rows.Count - start);
                var partial = count == rowsPerChunk ? null : PrepareRaw(handle, count);
                try
                {
                    var statement = partial ?? (full ??= PrepareRaw(handle, count));
                    // The statement is held (and its pointer valid) until it is disposed below.
                    var pointer = SqliteNative.Available ? statement.DangerousGetHandle() : 0;
                    for (var i = 0; i < count * _names.Length; i++)
                    {
                        var value = _rows[start + (i / _names.Length)][i % _names.Length];
                        Check(handle, pointer != 0 ? BindNative(statement, pointer, i + 1, value) : BindRaw(statement, i + 1, DbValue.Of(value)));
                    }

                    var first = ids.Count;
                    int rc;
                    while ((rc = pointer != 0 ? SqliteNative.Step(pointer) : raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                    {
                        if (_returnsValue)
                        {
                            ids.Add(raw.sqlite3_column_int64(statement, 0));
                        }
                    }

                    raw.sqlite3_reset(statement);
                    Check(handle, rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc);
                    // SQLite hands out ids in the order of the VALUES rows but does not promise
                    // RETURNING's order: sorted, they line up with the rows again.
                    ids.Sort(first, ids.Count - first, Comparer<long>.Default);
                }
                finally
                {
                    partial?.Dispose();
                }
            }
        }
        finally
        {
            full?.Dispose();
        }

        return Checked(ids);
    }

    /// <summary>
    /// PostgreSQL inserts: the rows as multi-row <c>VALUES</c>, up to
    /// <see cref="PostgresParametersPerStatement"/> values a statement, bound by position
    /// (<c>$1</c>, <c>$2</c>, ...). A batch of single-row statements (<see cref="BulkCommand"/>)
    /// made one round trip too, but the server parsed, planned and ran 1,000 statements (its
    /// statement time for one worker's change of 50,000 leads: 6.0 s before, 4.6 s after). An INSERT's VALUES
    /// take each target column's type, so a value binds as it did alone. Updates stay single-row
    /// statements: a <c>VALUES</c> list joined in an UPDATE takes its types from the values, and a
    /// column that is null in every row would be text whatever the column.
    /// </summary>
    private IReadOnlyList<long> CompletePositional(DbConnection connection, DbTransaction transaction)
    {
        var ids = new List<long>(_returnsValue ? _rows.Count : 0);
        var rowsPerChunk = Math.Max(1, PostgresParametersPerStatement / _names.Length);
        for (var start = 0; start < _rows.Count; start += rowsPerChunk)
        {
            var count = Math.Min(rowsPerChunk, _rows.Count - start);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var values = new StringBuilder(count * _names.Length * 6);
            var n = 0;
            for (var row = 0; row < count; row++)
            {
                values.Append(row == 0 ? "(" : ", (");
                foreach (var value in _rows[start + row])
                {
                    values.Append(n % _names.Length == 0 ? "$" : ", $").Append(++n);
                    var parameter = command.CreateParameter();
                    parameter.Value = DbValue.Of(value);
                    command.Parameters.Add(parameter);
                }

                values.Append(')');
            }

            command.CommandText = _chunkSql(values.ToString());
            if (!_returnsValue)
            {
                command.ExecuteNonQuery();
                continue;
            }

            var first = ids.Count;
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    ids.Add(reader.GetInt64(0));
                }
            }

            // The sequence hands out ids in the order of the VALUES rows (RETURNING's order is not promised).
            ids.Sort(first, ids.Count - first, Comparer<long>.Default);
        }

        return Checked(ids);
    }

    private IReadOnlyList<long> Checked(List<long> ids) =>
        !_returnsValue ? [] : ids.Count == _rows.Count ? ids
            : throw new InvalidOperationException($"{ids.Count} ids returned for {_rows.Count} rows by: {_chunkSql("(...)")}");

    private sqlite3_stmt PrepareRaw(sqlite3 handle, int rows)
    {
        var values = new List<string>(rows);
        var placeholders = $"({string.Join(", ", Enumerable.Repeat("?", _names.Length))})";
        for (var row = 0; row < rows; row++)
        {
            values.Add(placeholders);
        }

        Check(handle, raw.sqlite3_prepare_v2(handle, _chunkSql(string.Join(", ", values)), out var statement));
        return statement;
    }

    /// <summary>
    /// One value bound on the statement's raw pointer, converted as <see cref="DbValue.Of"/> would
    /// (times as <see cref="SqlTimestamp"/> text, decimals as doubles, flags and ints as integers)
    /// without boxing the converted value, a string's UTF-8 written into one reused buffer that
    /// SQLite copies. Anything else (blobs, values refused by name) goes through <see cref="BindRaw"/>.
    /// </summary>
    private unsafe int BindNative(sqlite3_stmt statement, nint pointer, int index, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                return SqliteNative.BindNull(pointer, index);
            case string text:
                return BindText(pointer, index, text);
            case long number:
                return SqliteNative.BindInt64(pointer, index, number);
            case int number:
                return SqliteNative.BindInt64(pointer, index, number);
            case bool flag:
                return SqliteNative.BindInt64(pointer, index, flag ? 1 : 0);
            case double number:
                return SqliteNative.BindDouble(pointer, index, number);
            case decimal number:
                return SqliteNative.BindDouble(pointer, index, (double)number);
            case DateTimeOffset time:
                return BindTime(pointer, index, time);
            default:
                return BindRaw(statement, index, DbValue.Of(value));
        }
    }

    /// <summary>A time as <see cref="SqlTimestamp"/> text, its UTF-8 written straight into the buffer SQLite copies.</summary>
    private int BindTime(nint pointer, int index, DateTimeOffset time)
    {
        var buffer = Utf8Buffer(SqlTimestamp.Length);
        SqlTimestamp.FormatUtf8(time, buffer);
        return BindUtf8(pointer, index, buffer, SqlTimestamp.Length);
    }

    private int BindText(nint pointer, int index, string text)
    {
        var buffer = Utf8Buffer(Encoding.UTF8.GetMaxByteCount(text.Length));
        return BindUtf8(pointer, index, buffer, Encoding.UTF8.GetBytes(text, 0, text.Length, buffer, 0));
    }

    /// <summary>The reused buffer, grown to hold at least <paramref name="bytes"/>.</summary>
    private byte[] Utf8Buffer(int bytes)
    {
        if (_utf8 is null || bytes > _utf8.Length)
        {
            _utf8 = new byte[Math.Max(bytes, (_utf8?.Length ?? 512) * 2)];
        }

        return _utf8;
    }

    private static unsafe int BindUtf8(nint pointer, int index, byte[] buffer, int length)
    {
        // Pinned from the array, never empty, so an empty text binds as '' (a null pointer would bind NULL).
        fixed (byte* bytes = buffer)
        {
            return SqliteNative.BindText(pointer, index, bytes, length, SqliteNative.Transient);
        }
    }

    // As Microsoft.Data.Sqlite binds the values DbValue.Of gives (text, integers, reals, blobs, null).
    private static int BindRaw(sqlite3_stmt statement, int index, object value) => value switch
    {
        DBNull => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        double number => raw.sqlite3_bind_double(statement, index, number),
        byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
        _ => throw new NotSupportedException($"TableRows cannot bind a {value.GetType().Name} to SQLite; convert it in DbValue.Of"),
    };

    // An error as any command on the connection reports it (SqliteException, a DbException).
    private static void Check(sqlite3 handle, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, handle);
        }
    }
}
