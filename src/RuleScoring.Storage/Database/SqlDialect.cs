using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace RuleScoring.Storage.Database;

/// <summary>
/// The few places where SQLite and PostgreSQL SQL differ, so every store keeps one statement per
/// query. Everything else is written in the subset both accept (ON CONFLICT, RETURNING, text
/// timestamps, 0/1 flags, @name parameters).
/// </summary>
internal abstract class SqlDialect
{
    public static SqlDialect Sqlite { get; } = new SqliteDialect();

    public static SqlDialect Postgres { get; } = new PostgresDialect();

    public abstract StoreKind Kind { get; }

    /// <summary>
    /// <c>column IN (the list)</c> with the list as one parameter, however long: SQLite reads it
    /// as a JSON array, PostgreSQL as a text array. Pass <see cref="List"/>'s value as the parameter.
    /// </summary>
    public abstract string In(string column, string parameter);

    /// <summary>The value for a parameter used with <see cref="In"/>.</summary>
    public abstract object List(IEnumerable<string> values);

    /// <summary>
    /// What ends a SELECT that claims rows of <paramref name="table"/> for this transaction:
    /// PostgreSQL locks them and passes over rows another worker holds; SQLite's transaction
    /// already holds the one write lock.
    /// </summary>
    public abstract string ClaimRows(string table, bool skipLocked);

    /// <summary>
    /// Called inside a transaction before it appends to <paramref name="log"/>. A reader asking
    /// <see cref="SettledPosition"/> waits for such transactions, so a cursor over the log's ids
    /// never passes an id that commits later (PostgreSQL hands out ids before commit, in any order).
    /// </summary>
    public abstract void AppendingTo(DbConnection connection, DbTransaction transaction, AppendLog log);

    /// <summary>The highest id of <paramref name="log"/> at or below which no row can still appear (inside or outside a transaction).</summary>
    public abstract long SettledPosition(DbConnection connection, AppendLog log, DbTransaction? transaction = null);

    /// <summary>
    /// Takes <paramref name="name"/> for this connection until the result is disposed, or returns
    /// null when another connection holds it: one worker at a time runs a cursor step.
    /// SQLite has one writer at a time anyway, so there it is always granted.
    /// </summary>
    public abstract IDisposable? TryTakeTurn(DbConnection connection, string name);

    /// <summary>
    /// Holds the accounts <paramref name="keys"/> shared until the transaction ends: a batch that
    /// marks them, so no roll-up takes them before its cards are committed (it waits for a roll-up
    /// that has one of them). SQLite: one writer at a time, nothing to hold.
    /// </summary>
    public abstract void HoldAccountsShared(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> keys);

    /// <summary>
    /// Of <paramref name="keys"/>, the accounts this transaction now holds alone until it ends;
    /// passes over (never waits for) accounts another roll-up or an uncommitted batch holds, the
    /// way SKIP LOCKED passes over rows. SQLite: all of them.
    /// </summary>
    public abstract IReadOnlyList<string> TryHoldAccounts(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> keys);

    private sealed class SqliteDialect : SqlDialect
    {
        public override StoreKind Kind => StoreKind.Sqlite;

        public override string In(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

        public override object List(IEnumerable<string> values) => JsonSerializer.Serialize(values);

        public override string ClaimRows(string table, bool skipLocked) => "";

        public override void AppendingTo(DbConnection connection, DbTransaction transaction, AppendLog log)
        {
            // One writer at a time: ids are handed out in commit order.
        }

        public override long SettledPosition(DbConnection connection, AppendLog log, DbTransaction? transaction = null) =>
            connection.ExecuteScalar<long?>($"SELECT MAX({log.IdColumn}) FROM {log.Table}", transaction: transaction) ?? 0;

        public override IDisposable? TryTakeTurn(DbConnection connection, string name) => new Released(() => { });

        public override void HoldAccountsShared(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> keys)
        {
        }

        public override IReadOnlyList<string> TryHoldAccounts(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> keys) => keys;
    }

    private sealed class PostgresDialect : SqlDialect
    {
        public override StoreKind Kind => StoreKind.Postgres;

        public override string In(string column, string parameter) => $"{column} = ANY({parameter})";

        public override object List(IEnumerable<string> values) => values as string[] ?? values.ToArray();

        // NO KEY UPDATE: claims exclude each other, but a signal insert's foreign-key check (KEY
        // SHARE on the lead) passes, so it never waits on a claim that may be waiting for it.
        public override string ClaimRows(string table, bool skipLocked) => $"FOR NO KEY UPDATE OF {table}{(skipLocked ? " SKIP LOCKED" : "")}";

        public override void AppendingTo(DbConnection connection, DbTransaction transaction, AppendLog log) =>
            connection.Execute("SELECT pg_advisory_xact_lock_shared(@Key)", new { log.Key }, transaction);

        public override long SettledPosition(DbConnection connection, AppendLog log, DbTransaction? transaction = null)
        {
            // The exclusive lock waits for every transaction that announced an append; after it,
            // every id at or below the maximum is committed (later ones get higher ids). A session
            // lock, released at once, so a caller's open transaction does not hold it.
            connection.Execute("SELECT pg_advisory_lock(@Key)", new { log.Key }, transaction);
            try
            {
                return connection.ExecuteScalar<long?>($"SELECT MAX({log.IdColumn}) FROM {log.Table}", transaction: transaction) ?? 0;
            }
            finally
            {
                connection.Execute("SELECT pg_advisory_unlock(@Key)", new { log.Key }, transaction);
            }
        }

        public override IDisposable? TryTakeTurn(DbConnection connection, string name)
        {
            var key = TurnKey(name);
            return connection.ExecuteScalar<bool>("SELECT pg_try_advisory_lock(@Key)", new { Key = key })
                ? new Released(() => connection.Execute("SELECT pg_advisory_unlock(@Key)", new { Key = key }))
                : null;
        }

        // Account locks are transaction-scoped advisory locks in a space of their own (the two-int
        // form, first int this constant): rows would not do, an account's first batch has no row
        // to lock, and two workers inserting one would wait on each other. Two keys that hash alike
        // only make a roll-up pass one over until the next.
        private const int AccountSpace = 0x52530013;

        public override void HoldAccountsShared(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> keys)
        {
            if (keys.Count > 0)
            {
                // In key order, so two batches never wait for each other in a circle (only for a roll-up, which waits for nobody).
                connection.Execute("""
                    SELECT COUNT(pg_advisory_xact_lock_shared(@Space, hashtext(k)))
                    FROM (SELECT k FROM unnest(@Keys) k ORDER BY k OFFSET 0) s
                    """, new { Space = AccountSpace, Keys = keys.ToArray() }, transaction);
            }
        }

        public override IReadOnlyList<string> TryHoldAccounts(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> keys) =>
            keys.Count == 0 ? [] : connection.Query<string>(
                "SELECT k FROM unnest(@Keys) k WHERE pg_try_advisory_xact_lock(@Space, hashtext(k))",
                new { Space = AccountSpace, Keys = keys.ToArray() }, transaction).ToList();

        // Stable across processes and builds (string.GetHashCode is not).
        private static long TurnKey(string name) =>
            BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("rulescoring:" + name)));
    }

    private sealed class Released(Action release) : IDisposable
    {
        private Action? _release = release;

        public void Dispose()
        {
            Interlocked.Exchange(ref _release, null)?.Invoke();
        }
    }
}
