using System.Globalization;
using System.Text;
using Dapper;
using RuleScoring.Core.Leads;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Import;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Database;

/// <summary>
/// A database that fills up or turns read-only mid-work, on a real file: SQLite's own
/// <c>max_page_count</c> makes it return SQLITE_FULL exactly as a full disk does, and
/// <c>query_only</c> returns SQLITE_READONLY. (The real disk and the real read-only file are in
/// the CLI tests and tools/faults/run.sh.) The error names the file and what happened, the batch
/// in flight is rolled back whole, and what was stored before is all there.
/// </summary>
public sealed class FullOrReadOnlyDatabaseTests
{
    [Fact]
    public void Importer_DiskFullMidImport_RollsBackTheBatchAndKeepsEveryEarlierRow()
    {
        using var temp = new TempDb();
        ImportRun.Leads(temp, [.. Enumerable.Range(0, 50).Select(i => $"L{i}")]);
        var signals = temp.Write("signals.csv", SignalsCsv(20_000));
        var leadsBefore = temp.Db.Connection.Query<string>("SELECT lead_id || attributes FROM leads ORDER BY 1").ToList();
        Fill(temp, extraPages: 40);

        var ex = Should.Throw<ImportException>(() => ImportRun.File(temp, ImportKind.Signals, signals, batchSize: 1000));

        ex.Message.ShouldStartWith(temp.DbPath + ": the disk is full");
        ex.Message.ShouldContain($"the batch of lines");
        ex.Message.ShouldContain("was rolled back; earlier batches are stored");
        var stored = ex.Counts.ShouldNotBeNull().Inserted;
        stored.ShouldBeLessThan(20_000);
        (stored % 1000).ShouldBe(0, "only whole batches are stored");
        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM signals").ShouldBe(stored);
        temp.Db.Connection.Query<string>("SELECT lead_id || attributes FROM leads ORDER BY 1").ShouldBe(leadsBefore);
        temp.Db.Connection.ExecuteScalar<string>("PRAGMA integrity_check").ShouldBe("ok");

        // With room again, the same file carries on and ends with every signal once.
        temp.Reopen();
        var (again, rejects) = ImportRun.File(temp, ImportKind.Signals, signals, batchSize: 1000);
        rejects.ShouldBeEmpty();
        again.Counts.Inserted.ShouldBe(20_000 - stored);
        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM signals").ShouldBe(20_000);
    }

    [Fact]
    public void Importer_ReadOnlyDatabase_StoresNothingAndSaysSo()
    {
        using var temp = new TempDb();
        ImportRun.Leads(temp, "L1");
        var leads = temp.Write("leads.csv", "lead_id\nL2\nL3\n");
        temp.Db.Connection.Execute("PRAGMA query_only = 1");

        var ex = Should.Throw<ImportException>(() => ImportRun.File(temp, ImportKind.Leads, leads));

        ex.Message.ShouldBe($"{temp.DbPath}: the database is read-only (a read-only mount, an immutable file, or permissions: the file, its folder and its -wal and -shm files must be writable); nothing from {leads} was stored. Make it writable, or pass --db a writable copy.");
        temp.Db.Connection.Query<string>("SELECT lead_id FROM leads").ShouldBe(["L1"]);
    }

    [Fact]
    public void Rescorer_DiskFullMidRescore_RollsBackTheBatchAndKeepsEarlierBatches()
    {
        using var temp = new TempDb();
        temp.Db.Leads.Save([.. Enumerable.Range(0, 400).Select(i => Lead.Create($"L{i:000}", [new("employees", "300"), new("country", "US")],
            [new Signal("pricing_view", TempDb.Now.AddDays(-i % 30), $"e{i}")]))]);
        // Room for a few batches of compact cards (~400 bytes a history row), not all eight.
        Fill(temp, extraPages: 15);

        var ex = Should.Throw<StorageException>(() => new Rescorer(temp.Db, Scoring.Scorer).RescoreAll(TempDb.Now, batchSize: 50));

        ex.Message.ShouldStartWith(temp.DbPath + ": the disk is full");
        ex.Message.ShouldContain("this batch of 50 lead(s) was rolled back; the batches stored before it are kept");
        var current = temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores_current");
        (current % 50).ShouldBe(0, "whole batches only");
        current.ShouldBeInRange(50, 350);
        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores").ShouldBe(current);
        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM leads").ShouldBe(400);
        temp.Db.Connection.ExecuteScalar<string>("PRAGMA integrity_check").ShouldBe("ok");
    }

    /// <summary>Caps the file at its current size plus a few pages: SQLite then answers SQLITE_FULL, as a full disk does.</summary>
    private static void Fill(TempDb temp, int extraPages)
    {
        var pages = temp.Db.Connection.ExecuteScalar<long>("PRAGMA page_count");
        temp.Db.Connection.ExecuteScalar<long>(string.Create(CultureInfo.InvariantCulture, $"PRAGMA max_page_count = {pages + extraPages}"));
    }

    private static string SignalsCsv(int rows)
    {
        var sb = new StringBuilder("lead_id,type,occurred_at,event_id,topic\n");
        for (var i = 0; i < rows; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"L{i % 50},pricing_view,2026-11-{1 + (i % 19):00},ev-{i},topic-{i % 7}\n");
        }

        return sb.ToString();
    }
}
