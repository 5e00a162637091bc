using RuleScoring.Storage.Database;
using SQLitePCL;

namespace RuleScoring.Storage.Leads;

/// <summary>
/// The column calls of one row of a SQLite statement, made on its raw pointer through
/// <see cref="SqliteNative"/>: SQLitePCL's own calls take and release the statement's SafeHandle
/// on each one, which was a fifth of the time spent reading signals (~10 calls per row, 22 M rows
/// at 1M leads). Where SQLite's functions cannot be looked up, SQLitePCL's calls are used. Only
/// for a statement the caller holds open (its pointer is taken while the SafeHandle is held) and
/// for the row just stepped to.
/// </summary>
internal readonly unsafe struct SqliteRow
{
    private readonly sqlite3_stmt _statement;
    private readonly nint _pointer;

    public SqliteRow(sqlite3_stmt statement, nint pointer)
    {
        _statement = statement;
        _pointer = pointer;
    }

    /// <summary>Whether the calls go to SQLite's functions directly (false: through SQLitePCL, as before).</summary>
    public static bool CallsNative => SqliteNative.Available;

    /// <summary>Steps to the next row: SQLITE_ROW, SQLITE_DONE or an error code.</summary>
    public int Step() => SqliteNative.Available ? SqliteNative.Step(_pointer) : raw.sqlite3_step(_statement);

    /// <summary>The column's bytes (UTF-8 for text); empty for NULL and for an empty value alike.</summary>
    public ReadOnlySpan<byte> Bytes(int column)
    {
        if (!SqliteNative.Available)
        {
            return raw.sqlite3_column_blob(_statement, column);
        }

        var data = SqliteNative.ColumnBlob(_pointer, column);
        return data == 0 ? default : new ReadOnlySpan<byte>((void*)data, SqliteNative.ColumnBytes(_pointer, column));
    }

    public bool IsNull(int column) => (SqliteNative.Available ? SqliteNative.ColumnType(_pointer, column) : raw.sqlite3_column_type(_statement, column)) == raw.SQLITE_NULL;

    public long Int64(int column) => SqliteNative.Available ? SqliteNative.ColumnInt64(_pointer, column) : raw.sqlite3_column_int64(_statement, column);

    public double Double(int column) => SqliteNative.Available ? SqliteNative.ColumnDouble(_pointer, column) : raw.sqlite3_column_double(_statement, column);
}
