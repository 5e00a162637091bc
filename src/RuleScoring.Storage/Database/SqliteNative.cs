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
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, nint> DbMutex;
    // Entering can wait for another thread: it keeps the GC transition.
    private static readonly delegate* unmanaged[Cdecl]<nint, void> MutexEnter;
    private static readonly delegate* unmanaged[Cdecl]<nint, void> MutexLeave;

    /// <summary>
    /// Holds the connection's own mutex on this thread until disposed, for a loop of many calls on
    /// it. Microsoft.Data.Sqlite opens connections serialized: every call (each column read, each
    /// bind, each step) locks and unlocks that mutex, 6 CPU s of the thread reading a 1M-lead
    /// rescore's 22 million signals. The mutex is recursive: held here, each call only sees that
    /// this thread owns it already (no atomic operation). Nothing changes for another thread but
    /// that it waits for the loop to end, as it would wait for one call; each connection here is
    /// used by one thread at a time anyway. A no-op where the functions were not found.
    /// </summary>
    public static HeldMutex Hold(sqlite3 connection)
    {
        if (!Available)
        {
            return default;
        }

        var mutex = DbMutex(connection.DangerousGetHandle());
        if (mutex != 0)
        {
            MutexEnter(mutex);
        }

        return new HeldMutex(mutex);
    }

    /// <summary>A connection's mutex held by <see cref="Hold"/>; disposing it lets it go, once.</summary>
    public ref struct HeldMutex(nint mutex)
    {
        private nint _mutex = mutex;

        public void Dispose()
        {
            if (_mutex != 0)
            {
                MutexLeave(_mutex);
                _mutex = 0;
            }
        }
    }

    /// <summary>
    /// Whether SQLite's memory statistics are off in this process (see <see cref="ConfigureOnce"/>);
    /// false when the library was already in use when it was asked.
    /// </summary>
    public static bool MemoryStatisticsOff { get; private set; }

    private static readonly Lock Configuring = new();
    private static bool _configured;

    /// <summary>
    /// Turns SQLite's memory statistics off before the library is first used in this process, as
    /// SQLite recommends for speed (SQLITE_DEFAULT_MEMSTATUS=0; e_sqlite3 is built without it). With
    /// them on, every allocation and free inside SQLite takes one process-wide mutex, shared by the
    /// connection that reads signals and the one that writes cards. Nothing here reads those
    /// statistics. Once the library is initialized the setting is refused (SQLITE_MISUSE) and left as it is.
    /// </summary>
    public static void ConfigureOnce()
    {
        lock (Configuring)
        {
            if (_configured)
            {
                return;
            }

            _configured = true;
            Batteries_V2.Init();
            MemoryStatisticsOff = raw.sqlite3_config(ConfigMemoryStatistics, 0) == raw.SQLITE_OK;
        }
    }

    // SQLITE_CONFIG_MEMSTATUS
    private const int ConfigMemoryStatistics = 9;

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
            DbMutex = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, nint>)Export("sqlite3_db_mutex");
            MutexEnter = (delegate* unmanaged[Cdecl]<nint, void>)Export("sqlite3_mutex_enter");
            MutexLeave = (delegate* unmanaged[Cdecl]<nint, void>)Export("sqlite3_mutex_leave");
            Available = true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            Available = false;
        }
    }
}
