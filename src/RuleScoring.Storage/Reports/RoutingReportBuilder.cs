using Dapper;
using RuleScoring.Core.Statistics;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Reports;

/// <summary>
/// Speed to lead and SLA breaches by queue and owner, from the routing steps and the SLA tasks: a
/// breach or escalation counts against whoever had the lead when it happened.
/// </summary>
public sealed class RoutingReportBuilder(ScoreDatabase db)
{
    private static readonly HashSet<string> Assigning = new(StringComparer.Ordinal) { "routed", "rerouted", "released" };

    public IReadOnlyList<RoutingReportRow> Build()
    {
        var steps = db.Connection.Query<StepRow>(
            "SELECT lead_id AS LeadId, kind AS Kind, at AS At, queue AS Queue, owner AS Owner FROM route_steps ORDER BY lead_id, id").ToList();
        if (steps.Count == 0)
        {
            return [];
        }

        var tasks = db.Connection.Query<TaskRow>(
                "SELECT lead_id AS LeadId, worked_at AS Worked, breached_at AS Breached FROM sla_tasks WHERE lead_id IN (SELECT lead_id FROM lead_routes) ORDER BY id")
            .GroupBy(t => t.LeadId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var rows = new Dictionary<(string Queue, string? Owner), Tally>();
        Tally Of(string queue, string? owner) => rows.TryGetValue((queue, owner), out var t) ? t : rows[(queue, owner)] = new Tally();

        foreach (var lead in steps.GroupBy(s => s.LeadId, StringComparer.Ordinal))
        {
            var leadTasks = tasks.GetValueOrDefault(lead.Key) ?? [];
            var ordered = lead.Select(s => (s.Kind, s.At, s.Queue, s.Owner)).ToList();
            var holders = ordered.Where(s => Assigning.Contains(s.Kind)).ToList();
            for (var i = 0; i < holders.Count; i++)
            {
                var (_, at, queue, owner) = holders[i];
                var until = i + 1 < holders.Count ? holders[i + 1].At : DateTimeOffset.MaxValue;
                var tally = Of(queue, owner);
                tally.Assigned++;
                var touch = leadTasks.Where(t => t.Worked is { } w && w >= at && w < until).Select(t => t.Worked!.Value).DefaultIfEmpty().Min();
                if (touch != default)
                {
                    tally.Worked++;
                    tally.Minutes.Add((touch - at).TotalMinutes);
                }

                tally.Breaches += leadTasks.Count(t => t.Breached is { } b && b >= at && b < until);
                tally.Escalations += ordered.Count(s => s.Kind == "escalated" && s.At >= at && s.At < until);
                if (i + 1 < holders.Count && holders[i + 1].Kind == "rerouted")
                {
                    tally.ReroutedAway++;
                }
            }
        }

        return rows.OrderBy(r => r.Key.Queue, StringComparer.Ordinal).ThenBy(r => r.Key.Owner ?? "\uffff", StringComparer.Ordinal)
            .Select(r => new RoutingReportRow(r.Key.Queue, r.Key.Owner, r.Value.Assigned, r.Value.Worked,
                r.Value.Minutes.Count == 0 ? null : Percentiles.Median(r.Value.Minutes.ToArray()), r.Value.Breaches, r.Value.Escalations, r.Value.ReroutedAway))
            .ToList();
    }

    private sealed class StepRow
    {
        public string LeadId { get; set; } = "";
        public string Kind { get; set; } = "";
        public DateTimeOffset At { get; set; }
        public string Queue { get; set; } = "";
        public string? Owner { get; set; }
    }

    private sealed class TaskRow
    {
        public string LeadId { get; set; } = "";
        public DateTimeOffset? Worked { get; set; }
        public DateTimeOffset? Breached { get; set; }
    }

    private sealed class Tally
    {
        public long Assigned;
        public long Worked;
        public long Breaches;
        public long Escalations;
        public long ReroutedAway;
        public List<double> Minutes { get; } = [];
    }
}
