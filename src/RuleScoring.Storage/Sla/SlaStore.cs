using System.Data.Common;
using Dapper;
using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;

namespace RuleScoring.Storage.Sla;

/// <summary>
/// Follow-up tasks, their whole life: opened when a lead enters a tier with an SLA and superseded
/// when it leaves the tier (both as <see cref="ScoreStore.Save"/> stores the cards), worked by a
/// disposition or a "worked" call, and flagged when they go past due.
/// </summary>
public sealed class SlaStore
{
    private readonly ScoreDatabase _db;

    internal SlaStore(ScoreDatabase db) => _db = db;

    /// <summary>
    /// The tasks of leads whose tier changed, in the caller's transaction (the one storing their
    /// cards, after routing them): each open task ends, and a task opens when the new tier has a
    /// follow-up time, due by the tier's clock (<see cref="Core.Routing.Router.SlaDue"/>).
    /// Returns how many tasks were opened.
    /// </summary>
    /// <param name="changes">Each lead's new card and the history row it was written as.</param>
    /// <param name="router">Counts business-hours SLAs in the routed owner's hours (null: no routing, every SLA on the wall clock).</param>
    internal int FollowTierChanges(IReadOnlyList<(ScoreCard Card, long ScoreId)> changes, DbTransaction transaction, Core.Routing.Router? router = null)
    {
        var connection = _db.Connection;
        // A task belongs to the tier that asked for it: leaving the tier ends it, unworked or not.
        if (changes.Count > 0)
        {
            connection.Execute($"UPDATE sla_tasks SET status = 'superseded' WHERE status = 'open' AND {_db.Dialect.In("lead_id", "@Ids")}",
                new { Ids = _db.Dialect.List(changes.Select(c => c.Card.LeadId)) }, transaction);
        }

        var tasks = changes.Where(c => c.Card.Tier?.FollowUpBy is not null).ToList();
        var business = router is null ? [] : tasks.Where(c => router.CountsBusinessHours(c.Card.Tier)).Select(c => c.Card.LeadId).ToList();
        var routes = business.Count == 0
            ? new Dictionary<string, (string Queue, string? Owner)>(StringComparer.Ordinal)
            : connection.Query<(string LeadId, string Queue, string? Owner)>(
                    $"SELECT lead_id, queue, owner FROM lead_routes WHERE {_db.Dialect.In("lead_id", "@Ids")}", new { Ids = _db.Dialect.List(business) }, transaction)
                .ToDictionary(r => r.LeadId, r => (r.Queue, r.Owner), StringComparer.Ordinal);
        var insert = TableRows.Insert(_db.Dialect, "sla_tasks", ["lead_id", "score_id", "tier", "sales_action", "opened_at", "due_at", "clock", "clock_zone"]);
        foreach (var c in tasks)
        {
            // Re-routing later does not move the due time: the SLA belongs to the lead's entry to the tier.
            var due = router is null
                ? new Core.Routing.SlaDue(c.Card.Tier!.FollowUpBy!.Value, null, null)
                : router.SlaDue(c.Card, routes.TryGetValue(c.Card.LeadId, out var r) ? r.Queue : null, r.Owner);
            insert.Add(c.Card.LeadId, c.ScoreId, c.Card.Tier!.Tier, c.Card.Tier.SalesAction, c.Card.AsOf, due.DueAt, due.Clock, due.TimeZone);
        }

        insert.Complete(connection, transaction);
        return tasks.Count;
    }

    /// <summary>
    /// One pass of the SLA monitor, in one transaction: tasks with a disposition at or after their
    /// opening, and by <paramref name="now"/>, are worked (at the disposition's time); open tasks due before <paramref name="now"/>
    /// are breached and each breach goes to the outbox once.
    /// </summary>
    /// <param name="router">Escalates, re-routes and releases routed leads in the same transaction (null: no routing).</param>
    public SlaSweep Sweep(DateTimeOffset now, Core.Routing.Router? router = null)
    {
        var connection = _db.Connection;
        using var transaction = connection.BeginTransaction();
        // Only dispositions made by this pass's time: one dated later (an export imported early, or
        // dates out of order) works the task when a pass reaches it, not before it was due.
        var closed = connection.Execute("""
            UPDATE sla_tasks SET
                worked_at = (SELECT MIN(d.at) FROM dispositions d WHERE d.lead_id = sla_tasks.lead_id AND d.at >= sla_tasks.opened_at AND d.at <= @Now),
                worked_by = 'disposition',
                status = CASE status WHEN 'open' THEN 'worked' ELSE status END
            WHERE status IN ('open', 'breached') AND worked_at IS NULL
              AND EXISTS (SELECT 1 FROM dispositions d WHERE d.lead_id = sla_tasks.lead_id AND d.at >= sla_tasks.opened_at AND d.at <= @Now)
            """, new { Now = now }, transaction);

        var breached = connection.Query<TaskRow>($"""
            UPDATE sla_tasks SET status = 'breached', breached_at = @Now
            WHERE status = 'open' AND due_at < @Now
            RETURNING {TaskColumns}
            """, new { Now = now }, transaction).Select(r => r.ToTask()).OrderBy(t => t.Id).ToList();

        _db.Dialect.AppendingTo(connection, transaction, AppendLog.ScoreChanges);
        connection.Execute("""
            INSERT INTO score_changes (lead_id, score_id, as_of, from_tier, to_tier, composite, rules_version, rules_hash, created_at, kind, sla_task_id)
            SELECT t.lead_id, t.score_id, t.due_at, t.tier, t.tier, s.composite, v.rules_version, v.rules_hash, @Now, 'sla_breached', t.id
            FROM sla_tasks t JOIN scores s ON s.id = t.score_id JOIN rule_versions v ON v.id = s.rules_id
            WHERE t.id = @Id
            """, breached.Select(t => new { Now = now, t.Id }), transaction);
        var routing = router is null ? Routing.RoutingSweep.None : _db.Routing.Sweep(router, now, transaction);
        transaction.Commit();
        return new SlaSweep(closed, breached) { Routing = routing };
    }

    /// <summary>
    /// A rep worked the lead: its open task (or a breached one not yet worked) is closed at
    /// <paramref name="at"/>. Returns the tasks closed; none when the lead had nothing to work.
    /// </summary>
    public IReadOnlyList<SlaTask> MarkWorked(string leadId, DateTimeOffset at, string? by)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leadId);
        return _db.Connection.Query<TaskRow>($"""
            UPDATE sla_tasks SET worked_at = @At, worked_by = @By, status = CASE status WHEN 'open' THEN 'worked' ELSE status END
            WHERE lead_id = @LeadId AND status IN ('open', 'breached') AND worked_at IS NULL AND opened_at <= @At
            RETURNING {TaskColumns}
            """, new { LeadId = leadId, At = at, By = string.IsNullOrWhiteSpace(by) ? "worked" : by.Trim() })
            .Select(r => r.ToTask()).OrderBy(t => t.Id).ToArray();
    }

    /// <summary>Every task of the lead, oldest first.</summary>
    public IReadOnlyList<SlaTask> ForLead(string leadId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leadId);
        return _db.Connection.Query<TaskRow>($"SELECT {TaskColumns} FROM sla_tasks WHERE lead_id = @LeadId ORDER BY id", new { LeadId = leadId })
            .Select(r => r.ToTask()).ToArray();
    }

    /// <summary>Tasks still open that were opened at <paramref name="openedAt"/> (a snapshot's new tasks), by id.</summary>
    public IReadOnlyList<SlaTask> OpenedAt(DateTimeOffset openedAt) =>
        _db.Connection.Query<TaskRow>($"SELECT {TaskColumns} FROM sla_tasks WHERE status = 'open' AND opened_at = @At ORDER BY id", new { At = openedAt })
            .Select(r => r.ToTask()).ToArray();

    /// <summary>Tasks nobody worked yet: open, or breached and still unworked (it may be worked late), oldest first.</summary>
    public IReadOnlyList<SlaTask> Unworked() =>
        _db.Connection.Query<TaskRow>($"SELECT {TaskColumns} FROM sla_tasks WHERE status IN ('open', 'breached') AND worked_at IS NULL ORDER BY id")
            .Select(r => r.ToTask()).ToArray();

    /// <summary>Open tasks, and of those how many are past due now (the monitor has not run since).</summary>
    public (long Open, long Overdue) OpenCounts(DateTimeOffset now) => _db.Connection.QuerySingle<(long, long)>(
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE due_at < @Now) FROM sla_tasks WHERE status = 'open'", new { Now = now });

    private const string TaskColumns = """
        id AS Id, lead_id AS LeadId, score_id AS ScoreId, tier AS Tier, sales_action AS SalesAction, opened_at AS OpenedAt,
        due_at AS DueAt, status AS Status, worked_at AS WorkedAt, worked_by AS WorkedBy, breached_at AS BreachedAt,
        clock AS Clock, clock_zone AS ClockZone
        """;

    private sealed class TaskRow
    {
        public long Id { get; set; }
        public string LeadId { get; set; } = "";
        public long ScoreId { get; set; }
        public string Tier { get; set; } = "";
        public string SalesAction { get; set; } = "";
        public DateTimeOffset OpenedAt { get; set; }
        public DateTimeOffset DueAt { get; set; }
        public string Status { get; set; } = "";
        public DateTimeOffset? WorkedAt { get; set; }
        public string? WorkedBy { get; set; }
        public DateTimeOffset? BreachedAt { get; set; }
        public string? Clock { get; set; }
        public string? ClockZone { get; set; }

        public SlaTask ToTask() => new(Id, LeadId, ScoreId, Tier, SalesAction, OpenedAt, DueAt, Status, WorkedAt, WorkedBy, BreachedAt)
        {
            Clock = Clock,
            ClockZone = ClockZone,
        };
    }
}
