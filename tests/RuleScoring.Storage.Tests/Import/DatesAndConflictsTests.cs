using Dapper;
using RuleScoring.Storage.Import;
using RuleScoring.Storage.Tests.Support;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Import;

/// <summary>
/// Hand-made files with one oddity each, as real CRM exports have them: an opportunity id that
/// belongs to another lead, a deal closed before it was created (impossible: rejected with its
/// line), and dates that are odd but plausible (stored, counted and named in the summary).
/// </summary>
[Collection(TestPostgres.Collection)]
public sealed class DatesAndConflictsTests(TestPostgres postgres, ITestOutputHelper output)
{
    [Theory]
    [InlineData(5000)]
    [InlineData(1)]
    public void Import_DealWhoseOpportunityIdBelongsToAnotherLead_IsRejectedWithItsLine_AndTheStoredDealStays(int batchSize)
    {
        using var temp = new TempDb();
        ImportRun.Leads(temp, "L1", "L2");
        ImportRun.File(temp, ImportKind.Deals, temp.Write("a.csv", "lead_id,opportunity_id,outcome,created_at,closed_at\nL1,O1,won,2026-02-01,2026-03-01\n"))
            .Rejects.ShouldBeEmpty();
        var file = temp.Write("b.csv", """
            lead_id,opportunity_id,outcome,created_at,closed_at
            L2,O1,lost,2026-02-01,2026-03-05
            L2,O2,open,2026-02-10,
            L1,O2,open,2026-02-10,
            """);

        var (result, rejects) = ImportRun.File(temp, ImportKind.Deals, file, batchSize: batchSize);

        rejects.Select(r => r.Line).ShouldBe([2L, 4L]);
        rejects[0].Reason.ShouldStartWith("opportunity_id \"O1\" belongs to lead \"L1\", not \"L2\"");
        rejects[1].Reason.ShouldStartWith("opportunity_id \"O2\" belongs to lead \"L2\", not \"L1\"", customMessage: "an earlier row of the same file counts too");
        result.Counts.ShouldBe(result.Counts with { Read = 3, Inserted = 1, Updated = 0, Duplicate = 0, Rejected = 2 });
        ImportNotes.Of(result).ShouldContain("rejected 2 deal(s) whose opportunity_id is stored for another lead (a deal is never moved) (lines 2, 4)");
        temp.Db.Connection.Query<(string, string, string)>("SELECT deal_id, lead_id, outcome FROM deals ORDER BY deal_id")
            .ShouldBe([("O1", "L1", "won"), ("O2", "L2", "open")]);

        var (again, _) = ImportRun.File(temp, ImportKind.Deals, file, batchSize: batchSize);

        again.Counts.ShouldBe(again.Counts with { Inserted = 0, Updated = 0, Duplicate = 1, Rejected = 2 });
    }

    [Fact]
    public void Import_DealsClosedBeforeCreated_AreRejectedWithTheirLines_AlsoAgainstAStoredCreatedAt()
    {
        using var temp = new TempDb();
        ImportRun.Leads(temp, "L1", "L2", "L3");
        var (first, rejects) = ImportRun.File(temp, ImportKind.Deals, temp.Write("created.csv", """
            lead_id,opportunity_id,outcome,created_at,closed_at
            L1,O1,won,2026-03-01,2026-02-01
            L2,O2,open,2026-03-01,
            L3,O3,won,2026-03-01,2026-03-01
            """));

        rejects.Select(r => r.Line).ShouldBe([2L]);
        rejects[0].Reason.ShouldBe("closed_at 2026-02-01T00:00:00Z is before created_at 2026-03-01T00:00:00Z: a deal cannot close before it is created");
        ImportNotes.Of(first).ShouldContain("rejected 1 deal(s) closed before they were created (line 2)");

        // The won file has no created_at: the stored one is what the close is checked against.
        var (won, wonRejects) = ImportRun.File(temp, ImportKind.Deals, temp.Write("won.csv", "lead_id,opportunity_id,outcome,closed_at\nL2,O2,won,2026-01-15\n"));

        wonRejects.Single().Reason.ShouldContain("is before created_at 2026-03-01T00:00:00Z (stored)");
        won.Counts.ShouldBe(won.Counts with { Updated = 0, Rejected = 1 });
        temp.Db.Connection.QuerySingle<string>("SELECT outcome FROM deals WHERE deal_id = 'O2'").ShouldBe("open", "a rejected row changes nothing stored");
        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM deals").ShouldBe(2);
    }

    [Fact]
    public void Import_DatesOddButPlausible_AreStored_AndCountedWithTheirLinesPerFile()
    {
        using var temp = new TempDb();
        ImportRun.File(temp, ImportKind.Leads, temp.Write("leads.csv", "lead_id,created_at\nL1,2026-02-01\nL2,2026-02-01\nL3,\n")).Rejects.ShouldBeEmpty();

        var (signals, _) = ImportRun.File(temp, ImportKind.Signals, temp.Write("signals.csv", """
            lead_id,type,occurred_at
            L1,pricing_view,2026-01-20
            L1,demo_request,2026-02-10
            L2,pricing_view,2026-03-01
            L3,pricing_view,2025-01-01
            """));
        var (deals, dealRejects) = ImportRun.File(temp, ImportKind.Deals, temp.Write("deals.csv", """
            lead_id,opportunity_id,outcome,created_at,closed_at
            L1,O1,won,2026-01-25,2026-04-01
            L2,O2,won,2026-03-01,2026-04-01
            L3,O3,lost,2026-05-01,2026-06-01
            """));
        var (dispositions, _) = ImportRun.File(temp, ImportKind.Dispositions, temp.Write("dispositions.csv", "lead_id,status,at\nL1,accepted,2026-03-01\nL2,accepted,2026-01-31\n"));
        var (leadsAgain, _) = ImportRun.File(temp, ImportKind.Leads, temp.Write("leads2.csv", "lead_id,created_at\nL2,2026-03-15\nL3,2026-07-01\n"));

        ImportNotes.Of(signals).ShouldBe(["warning: 1 signal(s) before their lead was created (line 2); stored"]);
        signals.Counts.Inserted.ShouldBe(4);
        dealRejects.ShouldBeEmpty();
        deals.Counts.Inserted.ShouldBe(3);
        ImportNotes.Of(deals).ShouldBe([
            "warning: 1 deal(s) created before their lead was created (line 2); stored",
            "warning: 1 deal(s) created at or before their lead's first signal (replay has no signal before such a deal to score) (line 3); stored",
        ]);
        ImportNotes.Of(dispositions).ShouldBe(["warning: 1 disposition(s) before their lead was created (line 3); stored"]);
        ImportNotes.Of(leadsAgain).ShouldBe(["warning: 2 lead(s) created after their first stored signal (lines 2, 3); stored"]);
        leadsAgain.Counts.Updated.ShouldBe(2);
    }

    [SkippableFact]
    public void Import_ConflictingAndClosedBeforeCreatedDeals_AreRejected_OnPostgres()
    {
        postgres.SkipUnlessAvailable(output);
        using var target = new ReimportTests.TempDbTarget(postgres.CreateDatabase());
        target.Import(ImportKind.Leads, "leads.csv", "lead_id,created_at\nL1,2026-01-01\nL2,2026-01-01\n");
        target.Import(ImportKind.Signals, "signals.csv", "lead_id,type,occurred_at\nL1,pricing_view,2026-02-01\nL2,pricing_view,2026-02-01\n");
        target.Import(ImportKind.Deals, "a.csv", "lead_id,opportunity_id,outcome,created_at\nL1,O1,open,2026-03-01\n").Rejects.ShouldBeEmpty();

        var (result, rejects) = target.Import(ImportKind.Deals, "b.csv", """
            lead_id,opportunity_id,outcome,created_at,closed_at
            L2,O1,won,2026-03-01,2026-04-01
            L1,O1,won,,2026-02-15
            L2,O2,won,2026-01-20,2026-04-01
            """);

        rejects.Select(r => (r.Line, r.Reason[..20])).ShouldBe([(2L, "opportunity_id \"O1\" "), (3L, "closed_at 2026-02-15")]);
        ImportNotes.Of(result).ShouldContain("warning: 1 deal(s) created at or before their lead's first signal (replay has no signal before such a deal to score) (line 4); stored");
        target.Deals().ShouldBe(["O1,L1,open,2026-03-01T00:00:00.0000000Z,,,", "O2,L2,won,2026-01-20T00:00:00.0000000Z,2026-04-01T00:00:00.0000000Z,,"]);
    }
}
