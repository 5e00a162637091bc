using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using RuleScoring.Storage.Accounts;
using RuleScoring.Storage.Demo;
using RuleScoring.Storage.Leads;
using RuleScoring.Storage.Lifecycle;
using RuleScoring.Storage.Outcomes;
using RuleScoring.Storage.Pilot;
using RuleScoring.Storage.Routing;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Sla;
using RuleScoring.Storage.Webhooks;
using RuleScoring.Storage.Worker;

namespace RuleScoring.Storage.Database;

/// <summary>
/// The store of leads, signals, outcomes and scores: one SQLite file (the embedded default), or a
/// PostgreSQL database for teams that outgrow it, chosen by what <see cref="Open"/> is given.
/// Opening applies pending migrations (each store has the same ones in its own dialect); a SQLite
/// file also gets WAL, foreign keys and a busy timeout. One instance owns one connection: use it
/// from one thread at a time, and open another instance for another thread.
/// </summary>
public sealed class ScoreDatabase : IDisposable
{
    private ScoreDatabase(string target, string path, DbConnection connection, SqlDialect dialect, TimeProvider time, IReadOnlyList<string> applied)
    {
        _target = target;
        Path = path;
        Connection = connection;
        Dialect = dialect;
        Time = time;
        AppliedMigrations = applied;
        Leads = new LeadStore(this);
        Cards = new StoredCards(this);
        Scores = new ScoreStore(this);
        Sla = new SlaStore(this);
        Worker = new WorkerStore(this);
        Accounts = new AccountStore(this);
        Lifecycle = new LifecycleStore(this);
        Pilot = new PilotStore(this);
        Outcomes = new OutcomeStore(this);
        Demo = new DemoStore(this);
        Deliveries = new DeliveryStore(this);
        Routing = new RoutingStore(this);
    }

    // What Open was given (a connection string may carry a password): for OpenAnother, never for messages.
    private readonly string _target;

    /// <summary>The SQLite file, or the PostgreSQL server and database (never the password): for messages.</summary>
    public string Path { get; }

    /// <summary>
    /// For the stores and reports of this assembly, which own every statement (tests and the bench
    /// may query it too). Parameterise everything, and keep to SQL both stores accept.
    /// </summary>
    internal DbConnection Connection { get; }

    public StoreKind Kind => Dialect.Kind;

    /// <summary>
    /// Whether each lead's account classification is kept beside its current card
    /// (scores_current.contact, <see cref="Accounts.StoredContact"/>). On PostgreSQL, where several
    /// workers roll up accounts whose members another scored: without it each read those members'
    /// attributes and signals back to classify them again (88,758 of 175,915 members in a rule change
    /// of 200,000 leads on two workers). On SQLite one writer's roll-up holds what its batches
    /// classified (<see cref="Accounts.FreshContacts"/>), and the column stays NULL.
    /// </summary>
    internal bool KeepsContacts => Kind == StoreKind.Postgres;

    internal SqlDialect Dialect { get; }

    public TimeProvider Time { get; }

    /// <summary>The migrations this open applied, e.g. <c>0001_initial.sql</c>; empty when the file was current.</summary>
    public IReadOnlyList<string> AppliedMigrations { get; }

    public LeadStore Leads { get; }

    public ScoreStore Scores { get; }

    /// <summary>How lead cards are written to and read from the card columns: compact or whole.</summary>
    internal StoredCards Cards { get; }

    public SlaStore Sla { get; }

    public WorkerStore Worker { get; }

    public AccountStore Accounts { get; }

    /// <summary>Lifecycle stages (inquiry to won/lost) derived from scores, dispositions and deals; append-only.</summary>
    public LifecycleStore Lifecycle { get; }

    /// <summary>Pilot vs control assignments (rulescore pilot); never changed once recorded.</summary>
    public PilotStore Pilot { get; }

    /// <summary>Deals and dispositions, read whole (replay, calibrate).</summary>
    public OutcomeStore Outcomes { get; }

    /// <summary>Whether <c>rulescore demo</c> made this database.</summary>
    public DemoStore Demo { get; }

    /// <summary>The webhook delivery log (rulescore deliveries; the worker sends).</summary>
    public DeliveryStore Deliveries { get; }

    /// <summary>Who works each routed lead, and every escalation and re-route (rules/routing.json, teams.json).</summary>
    public RoutingStore Routing { get; }

    public int SchemaVersion => Connection.ExecuteScalar<int>("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");

    /// <param name="path">
    /// The database file, or <c>:memory:</c>; or a PostgreSQL connection string
    /// (<c>Host=db;Database=scoring;Username=...</c> or <c>postgresql://user@db/scoring</c>).
    /// </param>
    /// <param name="create">False to fail when the file does not exist (commands that only read).</param>
    /// <param name="lockWait">
    /// How long a SQLite write waits for another writer before it fails (30 s by default: commands
    /// run behind a worker's batch; the HTTP API waits less and answers 503).
    /// </param>
    /// <param name="verify">
    /// Read every page first (SQLite's quick_check) and refuse a damaged file before anything is
    /// written: for the commands that write (import, rescore), so a bad page found half way never
    /// leaves half a job behind. Costs one read of the file.
    /// </param>
    /// <param name="verifySkipping">
    /// With <paramref name="verify"/>: tables the command only reads, left out of the check (a
    /// rescore reads leads and signals, 55 % of a 1M-lead file and half the check's time). It reads
    /// every page of them itself: a bad one stops it with the same "damaged" error before the batch
    /// it was reading is stored, the batches before it stored whole, as when a rescore is stopped.
    /// </param>
    public static ScoreDatabase Open(string path, TimeProvider time, bool create = true, TimeSpan? lockWait = null, bool verify = false,
        IReadOnlyCollection<string>? verifySkipping = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(time);
        DapperTypes.Register();
        if (PostgresTarget.TryParse(path, out var postgres))
        {
            return OpenPostgres(postgres, time);
        }

        SqliteNative.ConfigureOnce();
        var inMemory = path == ":memory:";
        if (!create && !inMemory && !File.Exists(path))
        {
            throw new StorageException($"{path}: no such database; create it with 'rulescore import' or 'rulescore demo' (or pass --db)");
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            // One long-lived connection per instance; pooling would keep the file open after Dispose.
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling((lockWait ?? TimeSpan.FromSeconds(30)).TotalSeconds),
        };

        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            // 8 KiB pages for a new file: a history row with the whole card as JSON was ~2 KB, so 4 KiB
            // pages held one row each and stood half empty (compact cards, ~400-byte rows, fill
            // either). It has no effect on an existing file.
            connection.Execute("PRAGMA page_size = 8192;");
            // WAL: readers (explain, reports, the HTTP API) do not block the writer and vice versa.
            // synchronous=NORMAL is durable across application crashes in WAL mode and much faster.
            // A 64 MiB page cache keeps the signal index's hot pages in memory during large imports.
            connection.Execute($"PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {Math.Min(5000, builder.DefaultTimeout * 1000)}; PRAGMA cache_size = -65536;");
            RefuseForeign(connection, path);
            if (verify)
            {
                VerifyIntact(connection, path, verifySkipping ?? []);
            }

            var applied = Migrator.Apply(connection, SqlDialect.Sqlite, path, time.GetUtcNow());
            return new ScoreDatabase(path, path, connection, SqlDialect.Sqlite, time, applied.Select(m => m.FileName).ToArray());
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw StoreFailure.Wrap(path, ex, "nothing was changed", TimeSpan.FromSeconds(builder.DefaultTimeout));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A SQLite file of another application is never migrated into: our tables would be added beside its own.</summary>
    private static void RefuseForeign(SqliteConnection connection, string path)
    {
        var tables = connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").ToList();
        if (tables.Count > 0 && !tables.Contains("schema_migrations"))
        {
            throw new StorageException($"{path}: not a RuleScoring database (it holds another application's tables: {string.Join(", ", tables.Take(5))}{(tables.Count > 5 ? ", ..." : "")}); nothing was changed. Pass --db a RuleScoring database or a new file.");
        }
    }

    private static void VerifyIntact(SqliteConnection connection, string path, IReadOnlyCollection<string> skipping)
    {
        List<string> problems;
        if (skipping.Count == 0)
        {
            problems = connection.Query<string>("PRAGMA quick_check(3)").ToList();
        }
        else
        {
            // Table by table (each with its indexes), the schema table first; the first that is not ok says why.
            problems = ["ok"];
            var tables = connection.Query<string>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").Where(t => !skipping.Contains(t));
            foreach (var table in tables.Prepend("sqlite_schema"))
            {
                try
                {
                    problems = connection.Query<string>($"PRAGMA quick_check('{table.Replace("'", "''", StringComparison.Ordinal)}')").Take(3).ToList();
                }
                catch (SqliteException ex) when (ex.SqliteErrorCode == 11)
                {
                    // A table whose root page is gone fails the check itself rather than reporting a row.
                    problems = [$"{table}: {ex.Message}"];
                }

                if (problems is not ["ok"])
                {
                    break;
                }
            }
        }

        if (problems is not ["ok"])
        {
            throw new StorageException($"{path}: the database file is damaged ({string.Join("; ", problems)}); nothing was written. Restore it from a backup, or pass --db another file.");
        }
    }

    private static ScoreDatabase OpenPostgres(PostgresTarget target, TimeProvider time)
    {
        var connection = new NpgsqlConnection(target.ConnectionString);
        try
        {
            connection.Open();
            var applied = Migrator.Apply(connection, SqlDialect.Postgres, target.DisplayName, time.GetUtcNow());
            return new ScoreDatabase(target.ConnectionString, target.DisplayName, connection, SqlDialect.Postgres, time, applied.Select(m => m.FileName).ToArray());
        }
        catch (DbException ex)
        {
            connection.Dispose();
            throw StoreFailure.Wrap(target.DisplayName, ex, "nothing was changed");
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Which store <see cref="Open"/> would open for <paramref name="target"/> (by its form; nothing is opened).</summary>
    public static StoreKind KindOf(string target) =>
        target.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || target.Contains("Host=", StringComparison.OrdinalIgnoreCase)
            ? StoreKind.Postgres
            : StoreKind.Sqlite;

    /// <summary>
    /// How messages name what <see cref="Open"/> is given: a file path as it is, a PostgreSQL
    /// connection string as server and database, without its password.
    /// </summary>
    public static string NameOf(string target)
    {
        try
        {
            return PostgresTarget.TryParse(target, out var postgres) ? postgres.DisplayName : target;
        }
        catch (StorageException)
        {
            return "(an invalid PostgreSQL connection string)";
        }
    }

    /// <summary>Another connection to the same database, for another thread (e.g. a reader beside a writer).</summary>
    public ScoreDatabase OpenAnother() => Open(_target, Time, create: false);

    /// <summary>
    /// Where a SQLite database stands as this connection sees it: the mark moves when another
    /// connection commits (<c>PRAGMA data_version</c>) or this one changes a row (<c>total_changes()</c>).
    /// While it has not moved, what was read through this connection is still what is stored.
    /// Null on PostgreSQL, which keeps no such count.
    /// </summary>
    internal StateMark? Mark()
    {
        if (Kind != StoreKind.Sqlite)
        {
            return null;
        }

        var (dataVersion, totalChanges) = Connection.QuerySingle<(long, long)>("SELECT (SELECT data_version FROM pragma_data_version()), total_changes()");
        return new StateMark(dataVersion, totalChanges);
    }

    /// <summary>See <see cref="Mark"/>.</summary>
    internal readonly record struct StateMark(long DataVersion, long TotalChanges);

    public void Dispose() => Connection.Dispose();
}
