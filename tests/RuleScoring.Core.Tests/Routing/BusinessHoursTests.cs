using RuleScoring.Core.Routing;
using Shouldly;

namespace RuleScoring.Core.Tests.Routing;

public sealed class BusinessHoursTests
{
    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static TeamMember Rep(string zone, string start, string end, DayOfWeek[]? days = null, params DateOnly[] away) =>
        new("rep", "Rep", 1, 10, zone, TimeZoneInfo.FindSystemTimeZoneById(zone), TimeOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            TimeOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), (days ?? Weekdays).ToHashSet(), away.ToHashSet());

    private static TeamMember Priya => Rep("Europe/London", "08:00", "18:00");

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Due_StartInsideHours_IsStartPlusTheSla()
    {
        // Monday 2026-11-23 09:00 London (GMT).
        BusinessHours.Due(Priya, Utc(2026, 11, 23, 9), TimeSpan.FromMinutes(15)).ShouldBe(Utc(2026, 11, 23, 9, 15));
    }

    [Fact]
    public void Due_StartBeforeHours_CountsFromOpening()
    {
        BusinessHours.Due(Priya, Utc(2026, 11, 23, 6), TimeSpan.FromHours(2)).ShouldBe(Utc(2026, 11, 23, 10));
    }

    [Fact]
    public void Due_StartAfterHoursOnFriday_RunsOnMonday()
    {
        // Friday 20 November 17:00: an hour of Friday left, two more on Monday from 08:00.
        BusinessHours.Due(Priya, Utc(2026, 11, 20, 17), TimeSpan.FromHours(3)).ShouldBe(Utc(2026, 11, 23, 10));
    }

    [Fact]
    public void Due_StartOnSaturday_SkipsTheWeekend()
    {
        BusinessHours.Due(Priya, Utc(2026, 11, 21, 12), TimeSpan.FromMinutes(15)).ShouldBe(Utc(2026, 11, 23, 8, 15));
    }

    [Fact]
    public void Due_StartInTheInstantHoursEnd_RunsNextWorkingDay()
    {
        BusinessHours.Due(Priya, Utc(2026, 11, 23, 18), TimeSpan.FromMinutes(30)).ShouldBe(Utc(2026, 11, 24, 8, 30));
    }

    [Fact]
    public void Due_SlaLongerThanADay_SpansWorkingDays()
    {
        // 24 working hours of a 10-hour day: Monday and Tuesday whole, 4 hours of Wednesday.
        BusinessHours.Due(Priya, Utc(2026, 11, 23, 8), TimeSpan.FromHours(24)).ShouldBe(Utc(2026, 11, 25, 12));
    }

    [Fact]
    public void Due_AcrossLondonsSpringForward_OpensAtLocalEightInSummerTime()
    {
        // Friday 27 March 2026 17:00 GMT; clocks go forward on Sunday 29 March. Monday 08:00 BST is 07:00 UTC,
        // so the second hour ends at 08:00 UTC (09:00 local), not the 09:00 UTC a UTC-only count would give.
        BusinessHours.Due(Priya, Utc(2026, 3, 27, 17), TimeSpan.FromHours(2)).ShouldBe(Utc(2026, 3, 30, 8));
    }

    [Fact]
    public void Due_AcrossLondonsFallBack_OpensAtLocalEightInWinterTime()
    {
        // Friday 23 October 2026 17:00 BST (16:00 UTC); clocks go back on Sunday 25 October.
        BusinessHours.Due(Priya, Utc(2026, 10, 23, 16), TimeSpan.FromHours(2)).ShouldBe(Utc(2026, 10, 26, 9));
    }

    [Fact]
    public void Due_AcrossNewYorksSpringForward_OpensAtLocalNineInDaylightTime()
    {
        // Friday 6 March 2026 16:00 EST (21:00 UTC); clocks go forward on Sunday 8 March. Monday 09:00 EDT is 13:00 UTC.
        var maya = Rep("America/New_York", "09:00", "17:00");
        BusinessHours.Due(maya, Utc(2026, 3, 6, 21), TimeSpan.FromHours(2)).ShouldBe(Utc(2026, 3, 9, 14));
    }

    [Fact]
    public void Due_NightShiftOverSpringForward_CountsTheHoursActuallyWorked()
    {
        // Sundays 01:00-04:00 in New York: on 8 March 02:00-03:00 never happens, so that night holds
        // 2 hours (06:00-08:00 UTC); the third is the first hour of the next Sunday (01:00 EDT = 05:00 UTC).
        var night = Rep("America/New_York", "01:00", "04:00", [DayOfWeek.Sunday]);
        BusinessHours.Due(night, Utc(2026, 3, 7, 12), TimeSpan.FromHours(3)).ShouldBe(Utc(2026, 3, 15, 6));
    }

    [Fact]
    public void Due_NightShiftOverFallBack_CountsTheRepeatedHour()
    {
        // Sundays 01:00-04:00 in New York: on 1 November 01:00-02:00 happens twice, so that night holds
        // 4 hours, from 01:00 EDT (05:00 UTC) to 04:00 EST (09:00 UTC).
        var night = Rep("America/New_York", "01:00", "04:00", [DayOfWeek.Sunday]);
        BusinessHours.Due(night, Utc(2026, 10, 31, 12), TimeSpan.FromHours(3.5)).ShouldBe(Utc(2026, 11, 1, 8, 30));
    }

    [Fact]
    public void Due_HoursStartingInTheSkippedHour_OpenWhenTheClocksJump()
    {
        // London, Sunday 29 March 2026: 01:00 GMT jumps to 02:00 BST, so a 01:30 start opens at the jump (01:00 UTC).
        var early = Rep("Europe/London", "01:30", "04:00", [DayOfWeek.Sunday]);
        BusinessHours.Due(early, Utc(2026, 3, 28, 12), TimeSpan.FromHours(1)).ShouldBe(Utc(2026, 3, 29, 2));
    }

    [Fact]
    public void Due_OutOfOfficeDay_IsSkipped()
    {
        var away = Rep("Europe/London", "08:00", "18:00", null, new DateOnly(2026, 11, 23));
        BusinessHours.Due(away, Utc(2026, 11, 20, 17), TimeSpan.FromHours(3)).ShouldBe(Utc(2026, 11, 24, 10));
    }

    [Fact]
    public void Due_StartOnAnOutOfOfficeDay_RunsFromTheFirstDayBack()
    {
        var away = Rep("Europe/London", "08:00", "18:00", null, new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 24));
        BusinessHours.Due(away, Utc(2026, 11, 23, 9), TimeSpan.FromMinutes(15)).ShouldBe(Utc(2026, 11, 25, 8, 15));
    }

    [Fact]
    public void Due_AwayForAYear_RunsFromTheDayAfter()
    {
        var days = Enumerable.Range(0, 366).Select(i => new DateOnly(2026, 11, 23).AddDays(i)).ToArray();
        var away = Rep("Europe/London", "08:00", "18:00", null, days);

        // Back on Tuesday 24 November 2027.
        BusinessHours.Due(away, Utc(2026, 11, 23, 9), TimeSpan.FromMinutes(15)).ShouldBe(Utc(2027, 11, 24, 8, 15));
    }

    [Fact]
    public void Due_RepWithNoWorkingDays_IsNullNotALoop()
    {
        var never = Rep("Europe/London", "08:00", "18:00", []);
        BusinessHours.Due(never, Utc(2026, 11, 23, 9), TimeSpan.FromHours(1)).ShouldBeNull();
    }

    [Fact]
    public void Due_SlaLongerThanCenturiesOfWork_IsNullNotALoop()
    {
        var oneMinuteOnSundays = Rep("Europe/London", "08:00", "08:01", [DayOfWeek.Sunday]);
        BusinessHours.Due(oneMinuteOnSundays, Utc(2026, 11, 23, 9), TimeSpan.FromDays(99_999)).ShouldBeNull();
    }

    [Fact]
    public void Due_SlaOfZero_IsTheStartEvenOutOfHours()
    {
        BusinessHours.Due(Priya, Utc(2026, 11, 21, 3), TimeSpan.Zero).ShouldBe(Utc(2026, 11, 21, 3));
        BusinessHours.Due(Rep("Europe/London", "08:00", "18:00", []), Utc(2026, 11, 21, 3), TimeSpan.Zero).ShouldBe(Utc(2026, 11, 21, 3));
    }

    [Fact]
    public void Due_StartGivenWithAnOffset_IsTheSameInstant()
    {
        var fromNewYork = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.FromHours(-5));
        BusinessHours.Due(Priya, fromNewYork, TimeSpan.FromHours(3)).ShouldBe(Utc(2026, 11, 23, 10));
    }

    [Fact]
    public void Due_NegativeSla_IsACallerBug()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => BusinessHours.Due(Priya, Utc(2026, 11, 23, 9), TimeSpan.FromMinutes(-1)));
    }
}
