using System.Diagnostics.CodeAnalysis;
using Xunit.Abstractions;

namespace RuleScoring.Tests.Postgres;

/// <summary>
/// A real PostgreSQL server for tests, one per test process: the server named by the
/// RULESCORING_TEST_POSTGRES connection string (it must allow CREATE DATABASE), otherwise a
/// throw-away cluster from the installed binaries (PATH, then /usr/lib/postgresql/*/bin),
/// started on first use and stopped (its folder deleted) by a watchdog when the test process
/// ends, also when it is killed. Without either, the tests that use it skip and say why.
/// <para>
/// Use it as a collection fixture, <c>[Collection(TestPostgres.Collection)]</c> (the classes then
/// run one after another), or as <c>IClassFixture&lt;TestPostgres&gt;</c> (they run in parallel):
/// both share the same server. Every test takes its own database from <see cref="CreateDatabase"/>.
/// </para>
/// </summary>
public sealed class TestPostgres
{
    /// <summary>The name of the collection defined by <see cref="PostgresCollection"/>.</summary>
    public const string Collection = "PostgreSQL";

    /// <summary>An Npgsql connection string to a server where the tests may CREATE DATABASE.</summary>
    public const string EnvironmentVariable = PostgresServer.EnvironmentVariable;

    private static readonly Lazy<PostgresServer> Shared = new(PostgresServer.Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly PostgresServer _server;
    private readonly TextWriter _log;

    public TestPostgres()
        : this(Shared.Value, Console.Error)
    {
    }

    internal TestPostgres(PostgresServer server, TextWriter log)
    {
        _server = server;
        _log = log;
    }

    [MemberNotNullWhen(true, nameof(AdminConnectionString))]
    [MemberNotNullWhen(false, nameof(SkipReason))]
    public bool IsAvailable => _server.AdminConnectionString is not null;

    /// <summary>Why the PostgreSQL tests skip, or null when there is a server.</summary>
    public string? SkipReason => _server.Unavailable;

    /// <summary>The server's maintenance database (superuser); tests normally want <see cref="CreateDatabase"/>.</summary>
    public string? AdminConnectionString => _server.AdminConnectionString;

    /// <summary>Version and origin of the server, for test output.</summary>
    public string Description => _server.Description;

    /// <summary>
    /// Skips the calling [SkippableFact] when there is no server, and prints the reason to the
    /// test output and, once per run, to stderr for CI logs. A RULESCORING_TEST_POSTGRES that is set
    /// but does not connect fails the test instead: it was asked for.
    /// </summary>
    public void SkipUnlessAvailable(ITestOutputHelper? output = null)
    {
        if (IsAvailable)
        {
            return;
        }

        if (_server.Misconfigured)
        {
            throw new InvalidOperationException(SkipReason);
        }

        output?.WriteLine(SkipReason);
        if (_server.FirstSkip())
        {
            _log.WriteLine(SkipReason);
        }

        Skip.If(true, SkipReason);
    }

    /// <summary>
    /// A brand-new empty database (UTF-8, C collation) and an Npgsql connection string to it,
    /// with Include Error Detail. Skips the test, as <see cref="SkipUnlessAvailable"/>, when there
    /// is no server.
    /// </summary>
    public string CreateDatabase()
    {
        SkipUnlessAvailable();
        return _server.CreateDatabase();
    }
}
