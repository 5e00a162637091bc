using RuleScoring.Core.Leads;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Import;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Sla;

/// <summary>The SLA monitor's pass at a time sees only what had happened by then.</summary>
[Collection(TestPostgres.Collection)]
public sealed class SlaSweepTests(TestPostgres postgres, ITestOutputHelper output)
{
    private static readonly DateTimeOffset Entered = new(2026, 11, 20, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sqlite_DispositionDatedAfterThePass_DoesNotWorkTheTaskUntilAPassReachesIt()
    {
        using var temp = new TempDb();
        DispositionDatedAfterThePass(temp.Db, temp);
    }

    [SkippableFact]
    public void Postgres_DispositionDatedAfterThePass_DoesNotWorkTheTaskUntilAPassReachesIt()
    {
        postgres.SkipUnlessAvailable(output);
        using var temp = new TempDb();
        DispositionDatedAfterThePass(ScoreDatabase.Open(postgres.CreateDatabase(), FixedClock.Create()), temp);
    }

    private static void DispositionDatedAfterThePass(ScoreDatabase db, TempDb files)
    {
        using var _ = db;
        var lead = Lead.Create("L-1", new Dictionary<string, string>
        {
            ["email"] = "kim@northwind.com", ["employees"] = "300", ["industry"] = "Software", ["country"] = "United States",
            ["title"] = "VP Sales", ["function"] = "Sales", ["seniority"] = "vp", ["created_at"] = "2026-11-01T00:00:00Z",
        }, [new Signal("demo_request", Entered.AddHours(-2), "L-1-demo")]);
        db.Leads.Save([lead]);
        db.Scores.Save([new ScoredLead(Scoring.Scorer.Score(lead, Entered))]);
        var task = db.Sla.ForLead("L-1").ShouldHaveSingleItem();
        var accepted = task.DueAt.AddDays(3);
        // An export imported early (or dated out of order): sales accepted the lead three days after it was due.
        var file = files.Write("dispositions.csv", $"lead_id,status,at\nL-1,accepted,{Timestamps.Format(accepted)}\n");
        new Importer(db).Import(file, new ImportOptions(ImportKind.Dispositions)).Counts.Rejected.ShouldBe(0);

        var pass = db.Sla.Sweep(task.DueAt.AddHours(1));

        pass.Breached.ShouldHaveSingleItem().Id.ShouldBe(task.Id, "at that pass nobody had touched the lead yet");
        db.Sla.ForLead("L-1").Single().WorkedAt.ShouldBeNull();

        db.Sla.Sweep(accepted.AddHours(1));

        var worked = db.Sla.ForLead("L-1").Single();
        worked.WorkedAt.ShouldBe(accepted);
        worked.Status.ShouldBe("breached", "worked, but after it was due");
    }
}
