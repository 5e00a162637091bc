using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;

namespace RuleScoring.Cli.Tests.Faults;

/// <summary>
/// A database file made immutable (<c>chattr +i</c>: read-only even for root, which this test
/// machine runs as, so file modes would not bite). Import, rescore and a worker tick exit 2 with
/// a message naming the file and saying it is read-only and nothing was changed; afterwards the
/// file is intact and holds what it held. The full disk is in tools/faults/run.sh (a small tmpfs).
/// </summary>
public sealed class ReadOnlyDatabaseTests
{
    [SkippableFact]
    public async Task ImportRescoreAndTick_ImmutableDatabaseFile_Exit2NamingTheFileAndChangeNothing()
    {
        using var dir = new TempFolder();
        var db = Path.Combine(dir.Path, "scores.db");
        var (leads, signals) = SampleCsv.Write(dir);
        (await CliRun.RunAsync("import", "leads", leads, "--db", db)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("rescore", "--db", db, "--rules", Repo.Rules)).ExitCode.ShouldBe(0);
        var before = Snapshot(db);
        Skip.IfNot(Chattr("+i", db), "chattr +i is not permitted here (needs root on a filesystem with attributes): the read-only case runs in tools/faults/run.sh");
        try
        {
            var import = await CliRun.RunAsync("import", "signals", signals, "--db", db);
            var rescore = await CliRun.RunAsync("rescore", "--db", db, "--rules", Repo.Rules, "--as-of", "2026-12-01");
            var tick = await CliRun.RunAsync("run", "--once", "--db", db, "--rules", Repo.Rules, "--log-dir", Path.Combine(dir.Path, "logs"));

            foreach (var (code, _, error) in new[] { import, rescore, tick })
            {
                code.ShouldBe(2, error);
                error.ShouldStartWith($"{db}: the database is read-only");
                error.ShouldNotContain("   at ");
            }

            import.Error.ShouldContain($"nothing from {signals} was stored");
            rescore.Error.ShouldContain("was rolled back");
            tick.Error.ShouldContain("was rolled back");
        }
        finally
        {
            Chattr("-i", db).ShouldBeTrue();
        }

        Snapshot(db).ShouldBe(before);
    }

    private static string Snapshot(string db)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        return string.Join("\n",
            connection.ExecuteScalar<string>("PRAGMA integrity_check"),
            string.Join(";", connection.Query<string>("SELECT lead_id || attributes FROM leads ORDER BY lead_id")),
            connection.ExecuteScalar<long>("SELECT COUNT(*) FROM signals"),
            string.Join(";", connection.Query<string>("SELECT lead_id || tier || composite || as_of FROM scores ORDER BY id")));
    }

    private static bool Chattr(string flag, string path)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
