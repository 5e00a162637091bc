using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;

namespace RuleScoring.Cli.Tests.Faults;

/// <summary>
/// A database file with a bad page deep inside (the header and schema intact, so it opens): every
/// command says so in one line with exit 2, and the commands that write refuse before writing.
/// A file of another application is never migrated into.
/// </summary>
public sealed class DamagedDatabaseTests
{
    [Theory]
    [InlineData("report")]
    [InlineData("explain")]
    public async Task ReadingCommand_BadPageInScores_OneLineExitTwo(string command)
    {
        using var dir = new TempFolder();
        var db = await DamagedAsync(dir);
        var lead = SampleCsv.Leads[0].LeadId;

        var (code, _, error) = command == "explain"
            ? await CliRun.RunAsync("explain", lead, "--db", db)
            : await CliRun.RunAsync("report", "--db", db, "--rules", Repo.Rules);

        code.ShouldBe(2);
        error.ShouldContain($"{db}: the database file is damaged");
        error.ShouldNotContain("   at ");
        error.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Theory]
    [InlineData("import")]
    [InlineData("rescore")]
    public async Task WritingCommand_BadPageAnywhere_RefusesBeforeWritingAByte(string command)
    {
        using var dir = new TempFolder();
        var db = await DamagedAsync(dir);
        var (leads, _) = SampleCsv.Write(dir);
        var before = Hash(db);

        var (code, output, error) = command == "import"
            ? await CliRun.RunAsync("import", "leads", leads, "--db", db)
            : await CliRun.RunAsync("rescore", "--db", db, "--rules", Repo.Rules);

        code.ShouldBe(2);
        error.ShouldContain($"{db}: the database file is damaged");
        error.ShouldContain("nothing was written");
        output.ShouldNotContain("scored");
        Hash(db).ShouldBe(before);
    }

    [Fact]
    public async Task Rescore_BadPageInTheSignalsItOnlyReads_StopsWithTheDamageAndStoresNoPartOfABatch()
    {
        // The check before a rescore leaves out the tables it only reads (leads, signals): it reads them itself.
        using var dir = new TempFolder();
        var db = await DamagedAsync(dir, "sqlite_autoindex_signals_1", rescoreFirst: false);

        var (code, output, error) = await CliRun.RunAsync("rescore", "--db", db, "--rules", Repo.Rules);

        code.ShouldBe(2);
        error.ShouldContain($"{db}: the database file is damaged");
        error.ShouldNotContain("   at ");
        output.ShouldNotContain("scored");
        using var check = new SqliteConnection($"Data Source={db};Pooling=False");
        check.Open();
        check.ExecuteScalar<long>("SELECT COUNT(*) FROM scores").ShouldBe(0, "the batch that met the bad page is rolled back whole");
        check.ExecuteScalar<long>("SELECT COUNT(*) FROM scores_current").ShouldBe(0);
    }

    [Fact]
    public async Task Import_AnotherApplicationsDatabase_IsRefusedAndLeftAsItWas()
    {
        using var dir = new TempFolder();
        var db = Path.Combine(dir.Path, "crm.db");
        using (var other = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            other.Open();
            other.Execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT); INSERT INTO contacts (email) VALUES ('a@b.c');");
        }

        var (leads, _) = SampleCsv.Write(dir);

        var (code, _, error) = await CliRun.RunAsync("import", "leads", leads, "--db", db);

        code.ShouldBe(2);
        error.ShouldContain($"{db}: not a RuleScoring database (it holds another application's tables: contacts)");
        using var check = new SqliteConnection($"Data Source={db};Pooling=False");
        check.Open();
        check.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table'").ShouldBe(["contacts"]);
    }

    /// <summary>Sample leads imported and scored (or only imported), then the root page of <paramref name="damaged"/> overwritten.</summary>
    private static async Task<string> DamagedAsync(TempFolder dir, string damaged = "scores_current", bool rescoreFirst = true)
    {
        var db = Path.Combine(dir.Path, "damaged.db");
        var (leads, signals) = SampleCsv.Write(dir);
        (await CliRun.RunAsync("import", "leads", leads, "--db", db)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("import", "signals", signals, "--db", db)).ExitCode.ShouldBe(0);
        if (rescoreFirst)
        {
            (await CliRun.RunAsync("rescore", "--db", db, "--rules", Repo.Rules)).ExitCode.ShouldBe(0);
        }

        long rootPage;
        long pageSize;
        using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            connection.Open();
            connection.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
            rootPage = connection.ExecuteScalar<long>("SELECT rootpage FROM sqlite_master WHERE name = @Damaged", new { Damaged = damaged });
            pageSize = connection.ExecuteScalar<long>("PRAGMA page_size");
        }

        await using (var file = new FileStream(db, FileMode.Open, FileAccess.Write))
        {
            file.Position = (rootPage - 1) * pageSize;
            var garbage = new byte[pageSize];
            Array.Fill(garbage, (byte)0xA5);
            await file.WriteAsync(garbage);
        }

        return db;
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
