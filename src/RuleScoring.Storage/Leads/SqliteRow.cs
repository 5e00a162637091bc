using System.Runtime.InteropServices;
using SQLitePCL;

namespace RuleScoring.Storage.Leads;

/// <summary>
/// The column calls of one row of a SQLite statement, made on its raw pointer: SQLitePCL's own
/// calls take and release the statement's SafeHandle on each one, which was a fifth of the time
/// spent reading signals (~10 calls per row, 22 M rows at 1M leads). The functions come from the
/// same e_sqlite3 library SQLitePCL loaded (looked up as its provider's assembly would); where that
/// lookup fails, SQLitePCL's calls are used. Only for a statement the caller holds open (its
/// pointer is taken while the SafeHandle is held) and for the row just stepped to.
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
    public static bool CallsNative => Calls.Available;

    /// <summary>Steps to the next row: SQLITE_ROW, SQLITE_DONE or an error code.</summary>
    public int Step() => Calls.Available ? Calls.Step(_pointer) : raw.sqlite3_step(_statement);

    /// <summary>The column's bytes (UTF-8 for text); empty for NULL and for an empty value alike.</summary>
    public ReadOnlySpan<byte> Bytes(int column)
    {
        if (!Calls.Available)
        {
            return raw.sqlite3_column_blob(_statement, column);
        }

        var data = Calls.ColumnBlob(_pointer, column);
        return data == 0 ? default : new ReadOnlySpan<byte>((void*)data, Calls.ColumnBytes(_pointer, column));
    }

    public bool IsNull(int column) => (Calls.Available ? Calls.ColumnType(_pointer, column) : raw.sqlite3_column_type(_statement, column)) == raw.SQLITE_NULL;

    public long Int64(int column) => Calls.Available ? Calls.ColumnInt64(_pointer, column) : raw.sqlite3_column_int64(_statement, column);

    public double Double(int column) => Calls.Available ? Calls.ColumnDouble(_pointer, column) : raw.sqlite3_column_double(_statement, column);

    private static class Calls
    {
        public static readonly bool Available;
        public static readonly delegate* unmanaged[Cdecl]<nint, int> Step;
        // Column calls only read the row SQLite already holds: no I/O, nothing to wait for.
        public static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, nint> ColumnBlob;
        public static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int> ColumnBytes;
        public static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int> ColumnType;
        public static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, long> ColumnInt64;
        public static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, double> ColumnDouble;

#pragma warning disable CA1810 // one lookup of the library decides every field
        static Calls()
#pragma warning restore CA1810
        {
            try
            {
                var library = NativeLibrary.Load("e_sqlite3", typeof(SQLite3Provider_e_sqlite3).Assembly, null);
                Step = (delegate* unmanaged[Cdecl]<nint, int>)NativeLibrary.GetExport(library, "sqlite3_step");
                ColumnBlob = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, nint>)NativeLibrary.GetExport(library, "sqlite3_column_blob");
                ColumnBytes = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int>)NativeLibrary.GetExport(library, "sqlite3_column_bytes");
                ColumnType = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int>)NativeLibrary.GetExport(library, "sqlite3_column_type");
                ColumnInt64 = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, long>)NativeLibrary.GetExport(library, "sqlite3_column_int64");
                ColumnDouble = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, double>)NativeLibrary.GetExport(library, "sqlite3_column_double");
                Available = true;
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
            {
                Available = false;
            }
        }
    }
}
