namespace RuleScoring.Core.Routing;

/// <summary>
/// What round robin and capacity read: how many leads each member got in each queue, and when each
/// member got their recent ones (capacity counts the member's local day). Filled from the store
/// and kept current as a batch assigns, so the same stored state always assigns the same way.
/// </summary>
public sealed class RoutingLoad
{
    private readonly Dictionary<(string Queue, string Member), long> _assigned = [];
    private readonly Dictionary<string, List<(DateTimeOffset At, long Count)>> _recent = new(StringComparer.Ordinal);

    // Each member's recent times counted by local day, as far as they are counted: round robin asks
    // Today for every member on every lead, and converting every time on each ask made a replay's
    // year of assignments quadratic.
    private readonly Dictionary<string, DayCounts> _days = new(StringComparer.Ordinal);

    public long Assigned(string queue, string member) => _assigned.GetValueOrDefault((queue, member));

    /// <summary>Leads <paramref name="member"/> got on their local day of <paramref name="at"/>.</summary>
    public int Today(TeamMember member, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (!_recent.TryGetValue(member.Id, out var times))
        {
            return 0;
        }

        if (!_days.TryGetValue(member.Id, out var days) || days.ZoneId != member.Zone.Id)
        {
            _days[member.Id] = days = new DayCounts(member.Zone.Id);
        }

        for (; days.Counted < times.Count; days.Counted++)
        {
            var (time, count) = times[days.Counted];
            var local = member.LocalDate(time);
            days.ByDay[local] = days.ByDay.GetValueOrDefault(local) + count;
        }

        return (int)Math.Min(int.MaxValue, days.ByDay.GetValueOrDefault(member.LocalDate(at)));
    }

    /// <summary>Counts a stored assignment (<paramref name="count"/> of them) toward round robin.</summary>
    public void AddTotal(string queue, string member, long count) =>
        _assigned[(queue, member)] = Assigned(queue, member) + count;

    /// <summary>Counts <paramref name="count"/> assignments at <paramref name="at"/> toward the member's day.</summary>
    public void AddRecent(string member, DateTimeOffset at, long count = 1)
    {
        if (!_recent.TryGetValue(member, out var times))
        {
            _recent[member] = times = [];
        }

        times.Add((at, count));
    }

    public void Record(Assignment assignment, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (assignment is { Status: AssignmentStatus.Assigned, Owner: { } owner })
        {
            AddTotal(assignment.Queue, owner, 1);
            AddRecent(owner, at);
        }
    }

    private sealed class DayCounts(string zoneId)
    {
        public string ZoneId { get; } = zoneId;

        public int Counted { get; set; }

        public Dictionary<DateOnly, long> ByDay { get; } = [];
    }
}
