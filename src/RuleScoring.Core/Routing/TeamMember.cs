namespace RuleScoring.Core.Routing;

/// <summary>
/// A rep (or manager) of teams.json. Availability is read in the member's own IANA time zone from
/// the time the caller passes (the card's as-of or the monitor's clock), never the machine's zone.
/// </summary>
/// <param name="Weight">Share of round robin: a weight-2 member gets twice the leads of a weight-1 one.</param>
/// <param name="CapacityPerDay">Leads a day (the member's local day) round robin may give them.</param>
/// <param name="Start">Start of working hours, local time.</param>
/// <param name="End">End of working hours, local time (after <paramref name="Start"/>).</param>
/// <param name="OutOfOffice">Local dates the member is away.</param>
public sealed record TeamMember(string Id, string Name, int Weight, int CapacityPerDay, string TimeZoneId, TimeZoneInfo Zone,
    TimeOnly Start, TimeOnly End, IReadOnlySet<DayOfWeek> Days, IReadOnlySet<DateOnly> OutOfOffice)
{
    public DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    public bool IsOutOfOffice(DateTimeOffset at) => OutOfOffice.Contains(LocalDate(at));

    /// <summary>Inside working hours on a working day, in the member's zone (daylight saving included).</summary>
    public bool IsWorking(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return Days.Contains(local.DayOfWeek) && time >= Start && time < End;
    }
}
