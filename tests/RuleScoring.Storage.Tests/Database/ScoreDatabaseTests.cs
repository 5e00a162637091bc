using Dapper;
using Microsoft.Extensions.Time.Testing;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Database;

public sealed class ScoreDatabaseTests
{
    [Fact]
    public void Open_NewFile_AppliesEveryMigrationOnce_AndReopeningIsANoOp()
    {
        using var temp = new TempDb();
        // Every migration shipped in the assembly, in number order, starting with the first ones written.
        var shipped = typeof(ScoreDatabase).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Migrations.", StringComparison.Ordinal)).Select(n => n["Migrations.".Length..]).Order(StringComparer.Ordinal).ToArray();
        shipped.Take(3).ShouldBe(["0001_initial.sql", "0002_current_card.sql", "0003_worker.sql"]);
        temp.Db.AppliedMigrations.ShouldBe(shipped);
        // The highest number: numbers may skip one another branch holds (see Migrator).
        var newest = int.Parse(shipped[^1][..4], System.Globalization.CultureInfo.InvariantCulture);
        temp.Db.SchemaVersion.ShouldBe(newest);
        var tables = Tables(temp.Db);
        tables.ShouldContain("leads");
        tables.ShouldContain("scores_current");
        tables.ShouldContain("score_changes");

        var again = temp.Reopen();

        again.AppliedMigrations.ShouldBeEmpty();
        again.SchemaVersion.ShouldBe(newest);
        again.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_migrations").ShouldBe(shipped.Length);
        Tables(again).ShouldBe(tables);
    }

    [Fact]
    public void Open_SetsWalForeignKeysAndBusyTimeout()
    {
        using var temp = new TempDb();
        var c = temp.Db.Connection;

        c.ExecuteScalar<string>("PRAGMA journal_mode").ShouldBe("wal");
        c.ExecuteScalar<long>("PRAGMA foreign_keys").ShouldBe(1);
        c.ExecuteScalar<long>("PRAGMA busy_timeout").ShouldBe(5000);
        Should.Throw<Microsoft.Data.Sqlite.SqliteException>(() => c.Execute(
            "INSERT INTO signals (lead_id, event_key, type, occurred_at, received_at) VALUES ('nobody', 'e1', 'demo_request', 'x', 'x')"))
            .SqliteErrorCode.ShouldBe(19); // SQLITE_CONSTRAINT: foreign keys are enforced
    }

    [Fact]
    public void Open_DatabaseFromANewerBuild_FailsNamingTheVersion()
    {
        using var temp = new TempDb();
        temp.Db.Connection.Execute("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (99, '0099_future.sql', 'x', 'x')");

        var ex = Should.Throw<StorageException>(() => temp.Reopen());

        ex.Message.ShouldContain(temp.DbPath);
        ex.Message.ShouldContain("schema version 99");
    }

    [Fact]
    public void Open_AppliedMigrationWasEdited_Fails()
    {
        using var temp = new TempDb();
        temp.Db.Connection.Execute("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");

        Should.Throw<StorageException>(() => temp.Reopen()).Message.ShouldContain("0001_initial.sql was changed");
    }

    [Fact]
    public void Open_MissingFileWithoutCreate_FailsAndCreatesNothing()
    {
        var path = Path.Combine(Path.GetTempPath(), "rulescoring-storage-tests", Guid.NewGuid().ToString("N") + ".db");

        Should.Throw<StorageException>(() => ScoreDatabase.Open(path, new FakeTimeProvider(), create: false)).Message.ShouldContain(path);
        File.Exists(path).ShouldBeFalse();
    }

    [Fact]
    public void Open_NotADatabase_FailsNamingTheFile()
    {
        using var temp = new TempDb();
        var bogus = temp.Write("notes.db", new string('x', 4096));

        Should.Throw<StorageException>(() => ScoreDatabase.Open(bogus, temp.Clock)).Message.ShouldContain(bogus);
    }

    [Fact]
    public void Timestamps_RoundTripExactly_AndSortAsText()
    {
        using var temp = new TempDb();
        var c = temp.Db.Connection;
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT, maybe TEXT)");
        DateTimeOffset[] values =
        [
            new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero).AddTicks(1234567),
            new DateTimeOffset(2026, 11, 20, 17, 29, 59, TimeSpan.FromHours(5.5)).AddTicks(9999999),
            new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.FromHours(-8)),
            DateTimeOffset.UnixEpoch,
        ];
        foreach (var value in values)
        {
            c.Execute("INSERT INTO t (at, maybe) VALUES (@At, @Maybe)", new { At = value, Maybe = (DateTimeOffset?)null });
        }

        var back = c.Query<TimeRow>("SELECT at AS At, maybe AS Maybe FROM t ORDER BY id").ToList();
        back.Select(r => r.At).ShouldBe(values);
        back.Select(r => r.At.Offset).ShouldAllBe(o => o == TimeSpan.Zero);
        back.ShouldAllBe(r => r.Maybe == null);
        c.Query<DateTimeOffset>("SELECT at FROM t ORDER BY at").ShouldBe(values.OrderBy(v => v), "text order must be time order");
        c.ExecuteScalar<string>("SELECT at FROM t WHERE id = 2").ShouldBe("2026-11-20T11:59:59.9999999Z");
    }

    private static List<string> Tables(ScoreDatabase db) =>
        db.Connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").ToList();

    private sealed class TimeRow
    {
        public DateTimeOffset At { get; set; }
        public DateTimeOffset? Maybe { get; set; }
    }
}
