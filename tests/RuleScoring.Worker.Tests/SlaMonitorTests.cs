using RuleScoring.Core.Leads;
using RuleScoring.Storage.Import;
using RuleScoring.Storage.Scores;
using RuleScoring.Worker.Tests.Support;

namespace RuleScoring.Worker.Tests;

public sealed class SlaMonitorTests : IDisposable
{
    private readonly WorkerFixture _w = new();

    public SlaMonitorTests()
    {
        // A VP at a 300-person software company who asked for a demo: tier A, call within 15 minutes.
        _w.Db.Leads.Save([new Lead("L-A", new Dictionary<string, string>
        {
            ["email"] = "vp@acme-logistics.com", ["employees"] = "300", ["industry"] = "Software", ["country"] = "United States",
            ["title"] = "VP Sales", ["function"] = "Sales",
        }, [new Signal("demo_request", WorkerFixture.Start.AddMinutes(-2)), new Signal("pricing_view", WorkerFixture.Start.AddDays(-1))])]);
        _w.Tick();
    }

    public void Dispose() => _w.Dispose();

    [Fact]
    public void Tick_TierALeadEntering_OpensATaskDueWithinItsSla()
    {
        var task = _w.Db.Sla.ForLead("L-A").ShouldHaveSingleItem();

        task.Tier.ShouldBe("A");
        task.Status.ShouldBe("open");
        (task.DueAt - task.OpenedAt).ShouldBe(TimeSpan.FromMinutes(15));
    }

    [Fact]
    public void Tick_TaskPastDueUnworked_IsFlaggedOnceAndEmittedToTheOutbox()
    {
        _w.Clock.Advance(TimeSpan.FromMinutes(14));
        _w.Tick().SlaBreached.ShouldBe(0, "still within the 15 minutes");
        _w.Clock.Advance(TimeSpan.FromMinutes(2));

        var tick = _w.Tick();
        var again = _w.Tick();

        tick.SlaBreached.ShouldBe(1);
        again.SlaBreached.ShouldBe(0);
        var task = _w.Db.Sla.ForLead("L-A").ShouldHaveSingleItem();
        task.Status.ShouldBe("breached");
        task.BreachedAt.ShouldBe(_w.Clock.GetUtcNow().AddTicks(-(_w.Clock.GetUtcNow().Ticks % TimeSpan.TicksPerSecond)));
        var breach = _w.Db.Scores.ChangesAfter(0).Where(c => c.Kind == TierChange.SlaBreached).ShouldHaveSingleItem();
        breach.LeadId.ShouldBe("L-A");
        breach.SlaTaskId.ShouldBe(task.Id);
        breach.ToTier.ShouldBe("A");
    }

    [Fact]
    public void Tick_DispositionRecordedInTime_ClosesTheTaskAsWorked()
    {
        var at = _w.Clock.GetUtcNow().AddMinutes(10);
        var file = Path.Combine(_w.Folder, "dispositions.csv");
        File.WriteAllText(file, $"lead_id,status,at,reason\nL-A,accepted,{at:yyyy-MM-ddTHH:mm:ssZ},booked meeting\n");
        new Importer(_w.Db).Import(file, new ImportOptions(ImportKind.Dispositions)).Counts.Rejected.ShouldBe(0);
        _w.Clock.Advance(TimeSpan.FromMinutes(30));

        var tick = _w.Tick();

        tick.SlaBreached.ShouldBe(0);
        tick.SlaClosedByDisposition.ShouldBe(1);
        var task = _w.Db.Sla.ForLead("L-A").ShouldHaveSingleItem();
        task.Status.ShouldBe("worked");
        task.WorkedAt.ShouldBe(at);
        task.WorkedBy.ShouldBe("disposition");
    }

    [Fact]
    public void MarkWorked_AfterTheBreach_KeepsTheBreachAndRecordsWhenItWasWorked()
    {
        _w.Clock.Advance(TimeSpan.FromMinutes(20));
        _w.Tick();

        var closed = _w.Db.Sla.MarkWorked("L-A", _w.Clock.GetUtcNow(), "Sam Rep");

        var task = closed.ShouldHaveSingleItem();
        task.Status.ShouldBe("breached", "it was worked late: compliance counts it as late");
        task.WorkedBy.ShouldBe("Sam Rep");
        _w.Db.Sla.MarkWorked("L-A", _w.Clock.GetUtcNow(), "Sam Rep").ShouldBeEmpty("nothing left to work");
    }
}
