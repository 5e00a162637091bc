using System.Net;
using System.Net.Sockets;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Postgres;

/// <summary>How the fixture finds PostgreSQL, and what it says when it cannot: fake folders, no server.</summary>
public sealed class PostgresSkipTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rulescoring-pgbin-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Find_SeveralDebianVersions_PicksTheHighestCompleteOne()
    {
        Install("lib/9.6/bin");
        Install("lib/15/bin");
        Install("lib/17/bin", "initdb", "pg_ctl");

        var bin = PostgresBinaries.Find("", Path.Combine(_root, "lib"), out _);

        bin.ShouldBe(Path.Combine(_root, "lib", "15", "bin"));
    }

    [Fact]
    public void Find_InitdbInPathIsALink_UsesTheFolderItPointsTo()
    {
        var real = Install("real/bin");
        Directory.CreateDirectory(Path.Combine(_root, "path"));
        File.CreateSymbolicLink(Path.Combine(_root, "path", "initdb"), Path.Combine(real, "initdb"));
        Install("lib/16/bin");

        var bin = PostgresBinaries.Find(Path.Combine(_root, "path"), Path.Combine(_root, "lib"), out _);

        bin.ShouldBe(real);
    }

    [Fact]
    public void Find_NoInstallation_ReturnsNullAndWhereItLooked()
    {
        var bin = PostgresBinaries.Find(Path.Combine(_root, "empty"), Path.Combine(_root, "missing"), out var searched);

        bin.ShouldBeNull();
        searched.ShouldBe($"PATH or {Path.Combine(_root, "missing")}/*/bin");
    }

    [Fact]
    public void SkipUnlessAvailable_NoBinaries_SkipsAndPrintsTheReason()
    {
        var server = PostgresServer.Resolve(null, Path.Combine(_root, "empty"), Path.Combine(_root, "missing"));
        var stderr = new StringWriter();
        var output = new Lines();

        var skip = Should.Throw<SkipException>(() => new TestPostgres(server, stderr).SkipUnlessAvailable(output));
        Should.Throw<SkipException>(() => new TestPostgres(server, stderr).SkipUnlessAvailable(output));

        skip.Message.ShouldStartWith("PostgreSQL tests skipped: no initdb in PATH or ");
        skip.Message.ShouldContain("install Debian's postgresql package or set RULESCORING_TEST_POSTGRES");
        output.Written.ShouldBe([skip.Message, skip.Message]);
        stderr.ToString().ShouldBe(skip.Message + Environment.NewLine, "the CI log gets the reason once, not once per test");
    }

    [Fact]
    public void SkipUnlessAvailable_ConfiguredServerDoesNotAnswer_FailsInsteadOfSkipping()
    {
        var server = PostgresServer.Resolve($"Host=127.0.0.1;Port={ClosedPort()};Timeout=5", null, Path.Combine(_root, "missing"));

        var error = Should.Throw<InvalidOperationException>(() => new TestPostgres(server, TextWriter.Null).SkipUnlessAvailable());

        error.Message.ShouldStartWith("RULESCORING_TEST_POSTGRES is set but unusable: ");
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private string Install(string relative, params string[] programs)
    {
        var dir = Path.Combine(_root, relative);
        Directory.CreateDirectory(dir);
        foreach (var program in programs.Length > 0 ? programs : ["initdb", "pg_ctl", "postgres"])
        {
            File.WriteAllText(Path.Combine(dir, program), "");
        }

        return dir;
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class Lines : ITestOutputHelper
    {
        public List<string> Written { get; } = [];

        public void WriteLine(string message) => Written.Add(message);

        public void WriteLine(string format, params object[] args) => Written.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }
}
