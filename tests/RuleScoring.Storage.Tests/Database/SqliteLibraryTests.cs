using System.Runtime.CompilerServices;
using Dapper;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Tests.Support;
using SQLitePCL;

namespace RuleScoring.Storage.Tests.Database;

/// <summary>
/// SQLite's memory statistics are off in a process that opens its databases through
/// <see cref="ScoreDatabase"/>: every allocation inside SQLite took one process-wide mutex, shared
/// by the connection reading signals and the one writing cards.
/// </summary>
public sealed class SqliteLibraryTests
{
    // As rulescore, whose first use of SQLite is ScoreDatabase.Open: configured before any test
    // of this assembly touches the library (once initialized, SQLite refuses the setting).
#pragma warning disable CA2255 // a test assembly's start, on purpose
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void BeforeAnyTest() => SqliteNative.ConfigureOnce();

    [Fact]
    public void ConfiguredFirst_SqliteKeepsNoMemoryStatisticsWhileADatabaseIsWritten()
    {
        SqliteNative.MemoryStatisticsOff.ShouldBeTrue();
        using var temp = new TempDb();
        temp.Db.Connection.Execute("CREATE TABLE t (x TEXT)");
        temp.Db.Connection.Execute("INSERT INTO t SELECT hex(randomblob(500)) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) SELECT i FROM n)");
        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM t").ShouldBe(2000);

        // With statistics on, this counts the bytes SQLite holds (its page cache alone is megabytes).
        raw.sqlite3_memory_used().ShouldBe(0);
    }

    [Fact]
    public void ConfigureOnce_AgainAfterTheLibraryIsInUse_ChangesNothing()
    {
        using var temp = new TempDb();
        SqliteNative.ConfigureOnce();
        SqliteNative.MemoryStatisticsOff.ShouldBeTrue();
    }

    [Fact]
    public void Hold_KeepsTheConnectionToThisThreadUntilLetGo_AndThisThreadStillUsesIt()
    {
        using var temp = new TempDb();
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)temp.Db.Connection;
        connection.Execute("CREATE TABLE t (x INTEGER)");
        long counted = -1;
        var other = new Thread(() => counted = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
        using (var held = SqliteNative.Hold(connection.Handle!))
        {
            // The same thread goes on using the connection: the mutex is recursive.
            using (var again = SqliteNative.Hold(connection.Handle!))
            {
                connection.Execute("INSERT INTO t VALUES (1)");
            }

            connection.ExecuteScalar<long>("SELECT COUNT(*) FROM t").ShouldBe(1);

            // Another thread's call on it waits for the mutex.
            other.Start();
            other.Join(TimeSpan.FromMilliseconds(300)).ShouldBeFalse("the other thread's call ran while the mutex was held");
            connection.Execute("INSERT INTO t VALUES (2)");
        }

        other.Join(TimeSpan.FromSeconds(10)).ShouldBeTrue();
        counted.ShouldBe(2);
    }
}
