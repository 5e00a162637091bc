namespace RuleScoring.Core.Routing;

/// <summary>
/// What round robin and capacity read: how many leads each member got in each queue, and when each
/// member got their recent ones (capacity counts the member's local day). Filled from the store
/// and kept current as a batch assigns, so the same stored state always assigns the same way.
/// </summary>
public sealed class RoutingLoad
{
    private readonly Dictionary<(string Queue, string Member), long> _assigned = [];
    private readonly Dictionary<string, List<DateTimeOffset>> _recent = new(StringComparer.Ordinal);

    public long Assigned(string queue, string member) => _assigned.GetValueOrDefault((queue, member));

    /// <summary>Leads <paramref name="member"/> got on their local day of <paramref name="at"/>.</summary>
    public int Today(TeamMember member, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (!_recent.TryGetValue(member.Id, out var times))
        {
            return 0;
        }

        var day = member.LocalDate(at);
        return times.Count(t => member.LocalDate(t) == day);
    }

    /// <summary>Counts a stored assignment (<paramref name="count"/> of them) toward round robin.</summary>
    public void AddTotal(string queue, string member, long count) =>
        _assigned[(queue, member)] = Assigned(queue, member) + count;

    /// <summary>Counts one assignment at <paramref name="at"/> toward the member's day.</summary>
    public void AddRecent(string member, DateTimeOffset at)
    {
        if (!_recent.TryGetValue(member, out var times))
        {
            _recent[member] = times = [];
        }

        times.Add(at);
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
}
