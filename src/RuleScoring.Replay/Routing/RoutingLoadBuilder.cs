using System.Globalization;
using RuleScoring.Core.Routing;
using RuleScoring.Replay.Data;

namespace RuleScoring.Replay.Routing;

/// <summary>
/// Routes the replayed leads under each version that has routing (<see cref="RouteReplay"/>) and
/// counts them a week per queue and per rep against capacity. Weeks are ISO weeks of each deal's
/// point in time (UTC), from the earliest replayed deal's to the latest's, empty weeks included;
/// a member's capacity in a week is their daily capacity on each of its days that is one of their
/// working days and not out of office (their local dates).
/// </summary>
internal static class RoutingLoadBuilder
{
    public const int TopReps = 10;

    public static RoutingLoadReport Build(IReadOnlyList<ReplayedCase> cases, ReplayLevel level, Router? @base, Router? head)
    {
        ArgumentNullException.ThrowIfNull(cases);
        if (level == ReplayLevel.Account)
        {
            return RoutingLoadReport.Nothing("not replayed at account level: routing routes leads (replay at --level lead for it)");
        }

        if (@base is null && head is null)
        {
            return RoutingLoadReport.Nothing("neither version has routing (no routing.json)");
        }

        // Each version routes its own leads in order with its own load: the two runs are independent, so they run side by side.
        IReadOnlyList<RoutedLead>? baseRouted = null, headRouted = null;
        Parallel.Invoke(
            () => baseRouted = @base is null ? null : RouteReplay.Run(cases, c => c.Base, @base),
            () => headRouted = head is null ? null : RouteReplay.Run(cases, c => c.Head, head));
        if ((baseRouted?.Count ?? 0) + (headRouted?.Count ?? 0) == 0)
        {
            var tiers = new[] { @base, head }.OfType<Router>().SelectMany(r => r.Teams.RoutedTiers).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            return RoutingLoadReport.Nothing($"no deal reached a routed tier ({string.Join(", ", tiers)})");
        }

        var weeks = Weeks(cases.Min(c => c.Case.AsOf), cases.Max(c => c.Case.AsOf));
        var queueNames = new[] { head, @base }.OfType<Router>().SelectMany(r => r.Teams.Queues.Keys).Distinct(StringComparer.Ordinal).ToList();
        var queues = queueNames.Select(q =>
        {
            var b = QueueWeeks(@base, baseRouted, q, weeks);
            var h = QueueWeeks(head, headRouted, q, weeks);
            return new QueueLoad(q, b, h, b is not null && h is not null ? h.Mean - b.Mean : null);
        }).ToList();

        var memberIds = new[] { head, @base }.OfType<Router>().SelectMany(r => r.Teams.Members.Keys).Distinct(StringComparer.Ordinal).ToList();
        var reps = memberIds.Select(m => new RepLoad(m, (head?.Teams.Members.GetValueOrDefault(m) ?? @base!.Teams.Members[m]).Name,
                RepWeeks(@base, baseRouted, m, weeks), RepWeeks(head, headRouted, m, weeks)))
            .Where(r => r.Base?.Leads > 0 || r.Head?.Leads > 0)
            .Select(r => (Rep: r, Ranked: r.Head ?? r.Base!))
            .OrderByDescending(r => r.Ranked.Peak - r.Ranked.PeakWeekCapacity).ThenByDescending(r => r.Ranked.Peak).ThenBy(r => r.Rep.Member, StringComparer.Ordinal)
            .Take(TopReps)
            .Select(r => r.Rep)
            .ToList();

        var baseQueue = (baseRouted ?? []).ToDictionary(r => r.LeadId, r => r.Decision.Queue, StringComparer.Ordinal);
        var moves = (headRouted ?? []).Where(r => baseQueue.TryGetValue(r.LeadId, out var was) && was != r.Decision.Queue)
            .GroupBy(r => (From: baseQueue[r.LeadId], To: r.Decision.Queue))
            .Select(g => new QueueMove(g.Key.From, g.Key.To, g.Count()))
            .OrderByDescending(m => m.Leads).ThenBy(m => m.From, StringComparer.Ordinal).ThenBy(m => m.To, StringComparer.Ordinal)
            .ToList();
        return new RoutingLoadReport(null, Summary("base", @base, baseRouted), Summary("head", head, headRouted), Label(weeks[0]), Label(weeks[^1]), weeks.Count,
            queues, reps, queues.Where(q => q.Head is { OverCapacity: true }).Select(q => Sentence(q, weeks.Count)).ToList())
        {
            Moves = moves,
        };
    }

    /// <summary>"head routes 340 more a week to sdr_emea than base (peak week 2026-W14: 520); capacity 200, exceeded in 9 of 12 weeks".</summary>
    internal static string Sentence(QueueLoad q, int weeks)
    {
        var h = q.Head ?? throw new ArgumentException("the queue has no head load", nameof(q));
        var change = q.Change switch
        {
            null => $"head routes {Number(h.Mean)} a week to {q.Queue}",
            > 0 and var d => $"head routes {Number(d)} more a week to {q.Queue} than base",
            < 0 and var d => $"head routes {Number(-d)} fewer a week to {q.Queue} than base",
            _ => $"head routes as many a week to {q.Queue} as base ({Number(h.Mean)})",
        };
        return $"{change} (peak week {h.PeakWeek}: {Number(h.Peak)}); capacity {Number(h.PeakWeekCapacity)}"
            + (h.PeakWeekCapacity != (int)Math.Round(h.MeanCapacity) ? $" that week, {Number(h.MeanCapacity)} a week on average" : "")
            + string.Create(CultureInfo.InvariantCulture, $", exceeded in {h.WeeksOverCapacity} of {weeks} weeks");
    }

    /// <summary>A count or mean as the section prints it: whole from 10 up, one decimal from 1, two below (0.02 a week is not none).</summary>
    internal static string Number(double value) =>
        value.ToString(Math.Abs(value) >= 10 ? "#,0" : Math.Abs(value) >= 1 ? "0.#" : "0.##", CultureInfo.InvariantCulture);

    /// <summary>"2026-W14": the ISO week whose Monday is <paramref name="monday"/>.</summary>
    internal static string Label(DateOnly monday)
    {
        var day = monday.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day)}-W{ISOWeek.GetWeekOfYear(day):00}");
    }

    internal static DateOnly Monday(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    /// <summary>The member's capacity in the week from <paramref name="monday"/>: their daily capacity on each working day they are not out of office.</summary>
    internal static int Capacity(TeamMember member, DateOnly monday) =>
        Enumerable.Range(0, 7).Select(monday.AddDays).Count(d => member.Days.Contains(d.DayOfWeek) && !member.OutOfOffice.Contains(d)) * member.CapacityPerDay;

    private static List<DateOnly> Weeks(DateTimeOffset first, DateTimeOffset last)
    {
        var weeks = new List<DateOnly>();
        for (var monday = Monday(first); monday <= Monday(last); monday = monday.AddDays(7))
        {
            weeks.Add(monday);
        }

        return weeks;
    }

    private static WeeklyLoad? QueueWeeks(Router? router, IReadOnlyList<RoutedLead>? routed, string queue, List<DateOnly> weeks)
    {
        if (router is null || routed is null || !router.Teams.Queues.TryGetValue(queue, out var q))
        {
            return null;
        }

        var members = q.Members.Select(m => router.Teams.Members[m]).ToList();
        return Weekly(routed.Where(r => r.Decision.Queue == queue), weeks, monday => members.Sum(m => Capacity(m, monday)));
    }

    private static WeeklyLoad? RepWeeks(Router? router, IReadOnlyList<RoutedLead>? routed, string member, List<DateOnly> weeks) =>
        router is null || routed is null || !router.Teams.Members.TryGetValue(member, out var m) ? null
            : Weekly(routed.Where(r => r.Assignment.Owner == member), weeks, monday => Capacity(m, monday));

    private static WeeklyLoad Weekly(IEnumerable<RoutedLead> leads, List<DateOnly> weeks, Func<DateOnly, int> capacity)
    {
        var byWeek = leads.GroupBy(r => Monday(r.At)).ToDictionary(g => g.Key, g => g.Count());
        var counts = weeks.Select(w => byWeek.GetValueOrDefault(w)).ToList();
        var capacities = weeks.Select(capacity).ToList();
        var peak = 0;
        for (var i = 1; i < counts.Count; i++)
        {
            peak = counts[i] > counts[peak] ? i : peak;
        }

        return new WeeklyLoad(counts.Sum(), counts.Sum() / (double)weeks.Count, counts[peak], Label(weeks[peak]), capacities[peak], capacities.Average(),
            counts.Where((n, i) => n > capacities[i]).Count());
    }

    private static VersionRouting? Summary(string side, Router? router, IReadOnlyList<RoutedLead>? routed)
    {
        if (router is null || routed is null)
        {
            return null;
        }

        var failed = routed.Where(r => r.Decision.Error is not null).ToList();
        return new VersionRouting(side, router.Teams.RoutedTiers.Order(StringComparer.Ordinal).ToList(), router.Teams.FallbackQueue, routed.Count,
            routed.Count(r => r.Decision is { Rule: null, Error: null }), failed.Count,
            routed.Count(r => r.Assignment.Status == AssignmentStatus.Assigned && r.Assignment.Queue != r.Decision.Queue),
            routed.Count(r => r.Assignment.Status == AssignmentStatus.Held),
            routed.Count(r => r.Assignment.Status == AssignmentStatus.Escalated),
            failed.Count == 0 ? null : $"{failed[0].LeadId}: {failed[0].Decision.Reason}: {failed[0].Decision.Error}");
    }
}
