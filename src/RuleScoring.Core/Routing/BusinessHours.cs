namespace RuleScoring.Core.Routing;

/// <summary>
/// When an SLA that counts only a rep's working time runs out: the rep's working hours on their
/// working days, in their own IANA zone, skipping out-of-office dates. Hours are real elapsed
/// time, so a window that spans a daylight-saving change counts what the rep actually works.
/// Pure: the start comes from the caller (the card's as-of), never the machine's clock or zone.
/// </summary>
public static class BusinessHours
{
    // No working window for this many days past the last out-of-office date means none is coming.
    private const int DaysWithoutWork = 8;

    // Beyond any SLA tiers.json can write (99999d of a one-minute working day is still longer, but
    // that is a typo, not an SLA): the answer then is "no due time", never a loop that does not end.
    private const int MaxDays = 366 * 300;

    /// <summary>
    /// The instant <paramref name="sla"/> of <paramref name="member"/>'s working time after
    /// <paramref name="start"/>; <paramref name="start"/> itself for an SLA of zero (due at once,
    /// as on the wall clock). Null when the member has no working time ahead (no working days,
    /// or away for ever as far as teams.json says).
    /// </summary>
    public static DateTimeOffset? Due(TeamMember member, DateTimeOffset start, TimeSpan sla)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentOutOfRangeException.ThrowIfLessThan(sla, TimeSpan.Zero);
        if (sla == TimeSpan.Zero)
        {
            return start;
        }

        if (member.Days.Count == 0)
        {
            return null;
        }

        var lastAway = member.OutOfOffice.Count == 0 ? DateOnly.MinValue : member.OutOfOffice.Max();
        var remaining = sla;
        var cursor = start.ToUniversalTime();
        var day = member.LocalDate(start);
        var idle = 0;
        for (var i = 0; i < MaxDays; i++, day = day.AddDays(1))
        {
            if (!member.Days.Contains(day.DayOfWeek) || member.OutOfOffice.Contains(day))
            {
                if (day > lastAway && ++idle > DaysWithoutWork)
                {
                    return null;
                }

                continue;
            }

            idle = 0;
            var opens = Instant(member.Zone, day.ToDateTime(member.Start), earliest: true);
            var closes = Instant(member.Zone, day.ToDateTime(member.End), earliest: false);
            var from = opens > cursor ? opens : cursor;
            if (from >= closes)
            {
                continue;
            }

            var available = closes - from;
            if (remaining <= available)
            {
                return from + remaining;
            }

            remaining -= available;
            cursor = closes;
        }

        return null;
    }

    /// <summary>
    /// A local wall time as an instant. A time the clocks skip (spring forward) is the moment they
    /// jump; a time they pass twice (fall back) is its first pass for a window's start, its second
    /// for its end, so the window holds every minute the rep works.
    /// </summary>
    private static DateTimeOffset Instant(TimeZoneInfo zone, DateTime local, bool earliest)
    {
        if (zone.IsInvalidTime(local))
        {
            var after = local;
            while (zone.IsInvalidTime(after))
            {
                after = after.AddMinutes(1);
            }

            // The first valid minute after the gap is the jump itself (02:00 BST is 01:00 UTC).
            return new DateTimeOffset(after - zone.GetUtcOffset(after), TimeSpan.Zero);
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var offset = earliest ? offsets.Max() : offsets.Min();
            return new DateTimeOffset(local - offset, TimeSpan.Zero);
        }

        return new DateTimeOffset(local - zone.GetUtcOffset(local), TimeSpan.Zero);
    }
}
