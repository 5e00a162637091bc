using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace RuleScoring.Storage.Database;

/// <summary>
/// What a SQLite or PostgreSQL error means for whoever runs the command, in words: which file, what happened,
/// what became of the work in flight, and what to do. One place for the commands and the worker,
/// so a locked, read-only or full database reads the same wherever it is hit, and nobody sees a
/// stack trace for a condition of the machine rather than a bug.
/// </summary>
public static class StoreFailure
{
    /// <param name="path">The database file, or the PostgreSQL server and database (<see cref="ScoreDatabase.Path"/>).</param>
    /// <param name="outcome">What became of the work in flight, e.g. "nothing was changed" or "this batch was rolled back".</param>
    /// <param name="waited">How long the busy timeout waited, when known.</param>
    /// <returns><c>{path}: {what happened}; {outcome}. {what to do}</c></returns>
    public static string Describe(string path, DbException exception, string outcome, TimeSpan? waited = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var (what, hint) = exception switch
        {
            SqliteException sqlite => Sqlite(path, sqlite, waited),
            PostgresException postgres => Postgres(postgres),
            NpgsqlException { InnerException: SocketException or TimeoutException or IOException } npgsql =>
                ($"cannot reach the PostgreSQL server ({npgsql.InnerException!.Message})", "Check that it runs and the connection string's Host and Port, then run again."),
            _ => ($"the database failed: {exception.Message}", "Run again; if it fails the same way, report it with this message."),
        };

        return $"{path}: {what}; {outcome}. {hint}";
    }

    private static (string What, string Hint) Postgres(PostgresException exception) => exception.SqlState switch
    {
        // Class 53: insufficient resources.
        PostgresErrorCodes.DiskFull => ("the PostgreSQL server's disk is full", "Free some space on the server, then run again."),
        PostgresErrorCodes.TooManyConnections => ("the PostgreSQL server has no free connection slot", "Lower the number of workers or raise max_connections, then run again."),
        PostgresErrorCodes.ReadOnlySqlTransaction => ("the PostgreSQL server only allows reading (a standby, or default_transaction_read_only)",
            "Point the connection string at the primary."),
        PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.QueryCanceled => ($"another session held a lock past the wait ({exception.MessageText})", "Try again when it has finished."),
        PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure => ($"the server aborted this transaction to resolve a conflict with another session ({exception.MessageText})",
            "Run again: the work is safe to repeat."),
        PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification => ($"the server refused the login ({exception.MessageText})", "Check the connection string's Username and Password."),
        PostgresErrorCodes.InvalidCatalogName => ($"no such database ({exception.MessageText})", "Create it (createdb), or fix the connection string's Database."),
        PostgresErrorCodes.InsufficientPrivilege => ($"the database user may not do this ({exception.MessageText})", "Grant it the rights on the RuleScoring tables (it creates and migrates them)."),
        PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow =>
            ($"the PostgreSQL server is shutting down or starting ({exception.MessageText})", "Run again when it is up."),
        _ => ($"the database failed: {exception.SqlState} {exception.MessageText}", "Run again; if it fails the same way, report it with this message."),
    };

    private static (string What, string Hint) Sqlite(string path, SqliteException exception, TimeSpan? waited) => exception.SqliteErrorCode switch
        {
            // SQLITE_BUSY / SQLITE_LOCKED: another connection kept the write lock past our wait.
            5 or 6 => ($"another process is writing to this database (a worker, import or rescore) and still held it after {(waited is { } w ? $"{w.TotalSeconds:0} s" : "the wait")}",
                "Try again when it has finished."),
            // SQLITE_READONLY: a read-only mount, an immutable file (chattr +i) or permissions.
            8 => ("the database is read-only (a read-only mount, an immutable file, or permissions: the file, its folder and its -wal and -shm files must be writable)",
                "Make it writable, or pass --db a writable copy."),
            // SQLITE_FULL: the disk (or a quota) has no room for the file or its write-ahead log.
            13 => ("the disk is full (no room to grow the database or its -wal file)", "Free some space, then run again."),
            // SQLITE_IOERR: a failed read or write below SQLite, e.g. the -shm file on a full or vanished mount.
            10 => ($"the disk failed a read or write ({exception.Message})", "Check the disk (free space, the mount), then run again."),
            // SQLITE_CANTOPEN on a file that is there: in WAL mode SQLite must create -wal and -shm
            // beside it, which a read-only mount or folder refuses.
            14 when File.Exists(path) => ("the database is read-only: it is there, but neither it nor its -wal and -shm files beside it can be written (a read-only mount or folder)",
                "Make it writable, or pass --db a writable copy."),
            14 => ("cannot open the file (its folder is missing or cannot be written)", "Check the path passed to --db."),
            // SQLITE_CORRUPT / SQLITE_NOTADB
            11 => ($"the database file is damaged ({exception.Message})", "Restore it from a backup, or pass --db another file."),
            26 => ($"not a database file ({exception.Message})", "Pass --db a RuleScoring database or a new file."),
            _ => ($"the database failed: {exception.Message}", "Run again; if it fails the same way, report it with this message."),
        };

    /// <summary>A <see cref="StorageException"/> carrying <see cref="Describe"/>'s message.</summary>
    public static StorageException Wrap(string path, DbException exception, string outcome, TimeSpan? waited = null) =>
        new(Describe(path, exception, outcome, waited), exception);
}
