using System.Runtime.InteropServices;
using SQLitePCL;

namespace RuleScoring.Storage.Database;

/// <summary>
/// SQLite's statement functions called on a statement's raw pointer, for the loops that make
/// millions of calls (reading signals, binding rows). SQLitePCL's own calls take and release the
/// statement's SafeHandle on each one, and its text bind encodes every string into a new array:
/// a fifth of the time spent reading signals, and ~6 % of the thread that writes a rescore. The
/// functions come from the same e_sqlite3 library SQLitePCL loaded (looked up as its provider's
/// assembly would); where that lookup fails, <see cref="Available"/> is false and callers use
/// SQLitePCL's calls. Only for a statement the caller holds open (its pointer taken while the
/// SafeHandle is held).
/// </summary>
internal static unsafe class SqliteNative
{
    /// <summary>SQLite copies a bound text or blob before the call returns.</summary>
    public const nint Transient = -1;

    public static readonly bool Available;
    public static readonly delegate* unmanaged[Cdecl]<nint, int> Step;
    // Column calls only read the row SQLite already holds: no I/O, nothing to wait for.
    public static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, nint> ColumnBlob;
    public static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int> ColumnBytes;
    public static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int> ColumnType;
    public static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, long> ColumnInt64;
    public static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, double> ColumnDouble;
    // Binds can allocate (a copied text), so they keep the GC transition.
    public static readonly delegate* unmanaged[Cdecl]<nint, int, int> BindNull;
    public static readonly delegate* unmanaged[Cdecl]<nint, int, long, int> BindInt64;
    public static readonly delegate* unmanaged[Cdecl]<nint, int, double, int> BindDouble;
    public static readonly delegate* unmanaged[Cdecl]<nint, int, byte*, int, nint, int> BindText;
    public static readonly delegate* unmanaged[Cdecl]<nint, int, byte*, int, nint, int> BindBlob;

#pragma warning disable CA1810 // one lookup of the library decides every field
    static SqliteNative()
#pragma warning restore CA1810
    {
        try
        {
            var library = NativeLibrary.Load("e_sqlite3", typeof(SQLite3Provider_e_sqlite3).Assembly, null);
            nint Export(string name) => NativeLibrary.GetExport(library, name);
            Step = (delegate* unmanaged[Cdecl]<nint, int>)Export("sqlite3_step");
            ColumnBlob = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, nint>)Export("sqlite3_column_blob");
            ColumnBytes = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int>)Export("sqlite3_column_bytes");
            ColumnType = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int>)Export("sqlite3_column_type");
            ColumnInt64 = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, long>)Export("sqlite3_column_int64");
            ColumnDouble = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, double>)Export("sqlite3_column_double");
            BindNull = (delegate* unmanaged[Cdecl]<nint, int, int>)Export("sqlite3_bind_null");
            BindInt64 = (delegate* unmanaged[Cdecl]<nint, int, long, int>)Export("sqlite3_bind_int64");
            BindDouble = (delegate* unmanaged[Cdecl]<nint, int, double, int>)Export("sqlite3_bind_double");
            BindText = (delegate* unmanaged[Cdecl]<nint, int, byte*, int, nint, int>)Export("sqlite3_bind_text");
            BindBlob = (delegate* unmanaged[Cdecl]<nint, int, byte*, int, nint, int>)Export("sqlite3_bind_blob");
            Available = true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            Available = false;
        }
    }
}
