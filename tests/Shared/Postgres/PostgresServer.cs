using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace RuleScoring.Tests.Postgres;

/// <summary>
/// The one PostgreSQL server of a test process: the one named by RULESCORING_TEST_POSTGRES, or a
/// <see cref="TempCluster"/> from the installed binaries; or, when neither is possible, why not.
/// </summary>
internal sealed class PostgresServer
{
    public const string EnvironmentVariable = "RULESCORING_TEST_POSTGRES";

    // Test databases are named t_<run>_<guid>; a run holds an advisory lock on its run id for as
    // long as its process lives, so a later run can tell abandoned databases from live ones.
    private static readonly string RunId = Guid.NewGuid().ToString("N")[..12];

    // Open for the life of the process, never disposed: closing it would free the run's lock.
    private static NpgsqlConnection? _runLock;
    private int _skips;

    private PostgresServer(string? admin, string description, string? unavailable, bool misconfigured)
    {
        AdminConnectionString = admin;
        Description = description;
        Unavailable = unavailable;
        Misconfigured = misconfigured;
    }

    /// <summary>Connection string to the server's maintenance database; null when there is no server.</summary>
    public string? AdminConnectionString { get; }

    /// <summary>What the tests run against, e.g. "PostgreSQL 15.18 (temp cluster on 127.0.0.1:41234, started in 1.1 s)".</summary>
    public string Description { get; }

    /// <summary>Why there is no server (the PostgreSQL tests skip), or null.</summary>
    public string? Unavailable { get; }

    /// <summary>True when RULESCORING_TEST_POSTGRES is set but unusable: a mistake to report, not a skip.</summary>
    public bool Misconfigured { get; }

    /// <summary>True the first time only: the skip reason goes to stderr once per run, not per test.</summary>
    public bool FirstSkip() => Interlocked.Increment(ref _skips) == 1;

    public static PostgresServer Resolve() => Resolve(
        Environment.GetEnvironmentVariable(EnvironmentVariable),
        Environment.GetEnvironmentVariable("PATH"),
        PostgresBinaries.DebianRoot);

    /// <summary>As <see cref="Resolve()"/>, with the environment given (the skip paths are tested this way).</summary>
    public static PostgresServer Resolve(string? configured, string? pathVariable, string debianRoot) =>
        string.IsNullOrWhiteSpace(configured) ? StartLocal(pathVariable, debianRoot) : UseConfigured(configured);

    public string CreateDatabase()
    {
        var admin = AdminConnectionString ?? throw new InvalidOperationException(Unavailable);
        var name = $"t_{RunId}_{Guid.NewGuid():N}";

        // template0 with C collation and UTF-8: every test database sorts and compares text the
        // same way whatever the server's own defaults are (ordinal, as SQLite does).
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'", connection);
            create.ExecuteNonQuery();
        }

        // Each database gets its own pool; the default five idle minutes would let finished tests'
        // connections pile up to max_connections, so idle ones close after a few seconds.
        return new NpgsqlConnectionStringBuilder(admin)
        {
            Database = name,
            IncludeErrorDetail = true,
            ConnectionIdleLifetime = 3,
            ConnectionPruningInterval = 1,
        }.ConnectionString;
    }

    private static PostgresServer StartLocal(string? pathVariable, string debianRoot)
    {
        var bin = PostgresBinaries.Find(pathVariable, debianRoot, out var searched);
        if (bin is null)
        {
            return Unusable($"no initdb in {searched}; install Debian's postgresql package or set {EnvironmentVariable}");
        }

        var clock = Stopwatch.StartNew();
        TempCluster? cluster = null;
        string admin;
        string version;
        try
        {
            cluster = TempCluster.Start(bin);
            admin = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1",
                Port = cluster.Port,
                Username = "postgres",
                Database = "postgres",
                IncludeErrorDetail = true,
            }.ConnectionString;
            version = ServerVersion(admin);
        }
        catch (Exception e) when (e is InvalidOperationException or NpgsqlException or IOException or UnauthorizedAccessException)
        {
            cluster?.Stop();
            return Unusable($"could not start a PostgreSQL server from {bin}: {e.Message}; set {EnvironmentVariable} to use another server");
        }

        var started = clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        // No stop here: the cluster's watchdog stops it when this process ends.
        return new PostgresServer(admin, $"PostgreSQL {version} (temp cluster on 127.0.0.1:{cluster.Port} from {bin}, started in {started} s)", null, false);
    }

    private static PostgresServer UseConfigured(string configured)
    {
        string admin;
        string version;
        try
        {
            admin = new NpgsqlConnectionStringBuilder(configured) { IncludeErrorDetail = true }.ConnectionString;
            version = ServerVersion(admin);
        }
        catch (Exception e) when (e is ArgumentException or NpgsqlException)
        {
            return new PostgresServer(null, "", $"{EnvironmentVariable} is set but unusable: {e.Message}", true);
        }

        var builder = new NpgsqlConnectionStringBuilder(admin);
        var server = new PostgresServer(admin, $"PostgreSQL {version} ({EnvironmentVariable}: {builder.Host}:{builder.Port})", null, false);
        server.ClaimRunAndDropAbandoned();
        return server;
    }

    private static PostgresServer Unusable(string reason) =>
        new(null, "", "PostgreSQL tests skipped: " + reason, false);

    private static string ServerVersion(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return connection.PostgreSqlVersion.ToString();
    }

    // Someone else's server: the test process cannot drop its databases at exit (dotnet test kills
    // it soon after the last result), so each run drops those of earlier runs whose lock is free.
    private void ClaimRunAndDropAbandoned()
    {
        try
        {
            _runLock = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false }.ConnectionString);
            _runLock.Open();
            RunLock(_runLock, "pg_advisory_lock", RunId);

            using var admin = new NpgsqlConnection(AdminConnectionString);
            admin.Open();
            var databases = new List<string>();
            using (var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname ~ '^t_[0-9a-f]{12}_[0-9a-f]{32}$'", admin))
            using (var reader = list.ExecuteReader())
            {
                while (reader.Read())
                {
                    databases.Add(reader.GetString(0));
                }
            }

            foreach (var run in databases.GroupBy(d => d[2..14]).Where(r => r.Key != RunId))
            {
                if (RunLock(admin, "pg_try_advisory_lock", run.Key) is not true)
                {
                    continue;
                }

                foreach (var name in run)
                {
                    using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
                    drop.ExecuteNonQuery();
                }

                RunLock(admin, "pg_advisory_unlock", run.Key);
            }
        }
        catch (NpgsqlException)
        {
            // Best effort (WITH (FORCE) needs PostgreSQL 13): leftovers are t_* databases to drop by hand.
        }
    }

    private static object? RunLock(NpgsqlConnection connection, string function, string run)
    {
        using var command = new NpgsqlCommand($"SELECT {function}(hashtext('rulescoring-test-run-' || @run))", connection);
        command.Parameters.AddWithValue("run", run);
        return command.ExecuteScalar();
    }
}
