using RuleScoring.SampleData;

namespace RuleScoring.Core.Tests.SampleData;

/// <summary>The demo's simulated team: seeded per task, and working about as the docs say.</summary>
public sealed class SampleTeamTests
{
    private static readonly DateTimeOffset Opened = new(2026, 11, 20, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void WorkedAt_SameSeedAndTask_SameAnswerInAnyOrder_OtherSeedsDiffer()
    {
        var due = Opened.AddHours(24);
        var forward = Enumerable.Range(1, 500).Select(id => new SampleTeam(42).WorkedAt(id, Opened, due)).ToList();
        var team = new SampleTeam(42);
        var backward = Enumerable.Range(1, 500).Reverse().Select(id => team.WorkedAt(id, Opened, due)).Reverse().ToList();

        backward.ShouldBe(forward);
        Enumerable.Range(1, 500).Select(id => new SampleTeam(7).WorkedAt(id, Opened, due)).ShouldNotBe(forward);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(24)]
    public void WorkedAt_OverManyTasks_WorksAbout85PercentAndMostInTime_AsAShareOfTheirOwnSla(int slaHours)
    {
        var team = new SampleTeam(42);
        var due = Opened.AddHours(slaHours);
        var worked = Enumerable.Range(1, 20_000).Select(id => team.WorkedAt(id, Opened, due)).OfType<DateTimeOffset>().ToList();

        (worked.Count / 20_000.0).ShouldBeInRange(0.83, 0.87);
        worked.ShouldAllBe(at => at >= Opened);
        (worked.Count(at => at <= due) / (double)worked.Count).ShouldBeInRange(0.85, 0.91, "a log-normal delay around 35 % of the SLA, sigma 0.9");
        var median = worked.Select(at => (at - Opened).TotalHours).Order().ElementAt(worked.Count / 2);
        median.ShouldBeInRange(slaHours * 0.32, slaHours * 0.38);
    }
}
