using RuleScoring.Core.Routing;
using Shouldly;

namespace RuleScoring.Core.Tests.Routing;

public sealed class RoutingLoadTests
{
    private static readonly HashSet<DayOfWeek> Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static TeamMember Member(string zone) => new("liam", "Liam", 1, 25, zone, TimeZoneInfo.FindSystemTimeZoneById(zone),
        new TimeOnly(7, 0), new TimeOnly(19, 0), Weekdays, new HashSet<DateOnly>());

    [Fact]
    public void Today_AssignmentsAddedBetweenAsks_CountsEachOnTheMembersLocalDay()
    {
        var london = Member("Europe/London");
        var load = new RoutingLoad();
        load.AddRecent("liam", new DateTimeOffset(2026, 11, 20, 23, 30, 0, TimeSpan.Zero));
        load.AddRecent("liam", new DateTimeOffset(2026, 11, 21, 0, 30, 0, TimeSpan.Zero));
        var friday = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

        load.Today(london, friday).ShouldBe(1);
        load.AddRecent("liam", new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));
        load.Today(london, friday).ShouldBe(2, "an assignment recorded after the last ask counts too");
        load.Today(london, friday.AddDays(1)).ShouldBe(1);
        // The same member read in New York's zone: 00:30 UTC on the 21st is still the 20th there.
        load.Today(Member("America/New_York"), new DateTimeOffset(2026, 11, 20, 17, 0, 0, TimeSpan.Zero)).ShouldBe(3);
        load.Today(Member("Europe/London"), friday).ShouldBe(2);
        load.Today(Member("Europe/Paris") with { Id = "priya" }, friday).ShouldBe(0);
    }
}
