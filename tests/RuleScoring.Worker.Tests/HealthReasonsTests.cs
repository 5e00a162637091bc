using RuleScoring.Worker.Hosting;
using RuleScoring.Worker.Scoring;

namespace RuleScoring.Worker.Tests;

/// <summary>/health's verdict: a loop whose tick never finishes is not "ok", and it says so.</summary>
public sealed class HealthReasonsTests
{
    private static readonly DateTimeOffset Start = FixedClock.Now;
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    [Fact]
    public void Of_RecentTick_IsHealthy()
    {
        var tick = Tick(Start);

        HealthReasons.Of(true, tick, null, null, Start, Start, Start.AddMinutes(2), Interval).ShouldBeEmpty();
    }

    [Fact]
    public void Of_TickRunningLongerThanThreeIntervals_IsStaleNamingWhenItStarted()
    {
        var tick = Tick(Start);
        var stuckSince = Start.AddMinutes(1);

        var reasons = HealthReasons.Of(true, tick, null, null, stuckSince, Start, Start.AddMinutes(10), Interval);

        var reason = reasons.ShouldHaveSingleItem();
        reason.ShouldContain("no tick has completed for 599 s, more than 3 tick intervals (60 s each)");
        reason.ShouldContain("the tick started 2026-11-20 12:01:00Z has not finished");
    }

    [Fact]
    public void Of_FirstTickNeverFinishing_IsStaleToo()
    {
        var reasons = HealthReasons.Of(true, null, null, null, Start, Start, Start.AddMinutes(5), Interval);

        reasons.ShouldHaveSingleItem().ShouldContain("no tick has completed for 300 s");
    }

    [Fact]
    public void Of_FailureAfterTheLastTick_AndNoRules_AreBothNamed()
    {
        var tick = Tick(Start);

        var reasons = HealthReasons.Of(false, tick, "database is locked", Start.AddSeconds(30), Start.AddSeconds(30), Start, Start.AddSeconds(40), Interval);

        reasons.Count.ShouldBe(2);
        reasons.ShouldContain(r => r.Contains("no valid rules version is active", StringComparison.Ordinal));
        reasons.ShouldContain("the last tick failed: database is locked");
    }

    private static TickResult Tick(DateTimeOffset at) => new(at, "1.0.0", 0, 0, 0, 0, 0, 0, 0, TimeSpan.FromSeconds(1), true);
}
