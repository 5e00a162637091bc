using System.Data.Common;
using System.Globalization;
using Dapper;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Routing;
using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Leads;

namespace RuleScoring.Storage.Routing;

/// <summary>
/// Assignments of routed leads and every step after, in their own tables (the score card is not
/// touched). A lead is routed in the transaction that stores the card moving it into a routed tier
/// (<see cref="Scores.ScoreStore.Save"/>), and escalated, re-routed or released from hold in the SLA
/// monitor's (<see cref="Sla.SlaStore.Sweep"/>); each step writes a routed or escalated outbox row.
/// </summary>
public sealed class RoutingStore
{
    private readonly ScoreDatabase _db;

    internal RoutingStore(ScoreDatabase db) => _db = db;

    /// <summary>
    /// Routes the leads of a batch whose tier changed into a routed tier, at each card's as-of time.
    /// A lead already routed keeps its owner unless the rules now give another queue (or the
    /// matching rule says reassign). Leads are taken in id order, so the same stored state and
    /// batch always assign the same way. Returns how many were routed.
    /// </summary>
    internal int Route(Router router, IReadOnlyList<(ScoreCard Card, long ScoreId)> changes, DateTimeOffset now, DbTransaction transaction)
    {
        var routed = changes.Where(c => router.IsRouted(c.Card.Tier?.Tier)).OrderBy(c => c.Card.LeadId, StringComparer.Ordinal).ToList();
        if (routed.Count == 0)
        {
            return 0;
        }

        var connection = _db.Connection;
        var ids = _db.Dialect.List(routed.Select(c => c.Card.LeadId));
        var leads = connection.Query<(string LeadId, string Attributes)>($"SELECT lead_id, attributes FROM leads WHERE {_db.Dialect.In("lead_id", "@Ids")}", new { Ids = ids }, transaction)
            .ToDictionary(r => r.LeadId, r => new Lead(r.LeadId, AttributesJson.Read(r.Attributes), []), StringComparer.Ordinal);
        var current = connection.Query<(string LeadId, string Queue)>($"SELECT lead_id, queue FROM lead_routes WHERE {_db.Dialect.In("lead_id", "@Ids")}", new { Ids = ids }, transaction)
            .ToDictionary(r => r.LeadId, r => r.Queue, StringComparer.Ordinal);
        var keys = leads.Values.Select(router.AccountKeyOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var (owners, contacts) = AccountOwners(keys, transaction);
        var load = Load(routed.Min(c => c.Card.AsOf), routed.Max(c => c.Card.AsOf), transaction);
        var written = new RouteWrites(_db.Dialect);
        foreach (var (card, scoreId) in routed)
        {
            if (!leads.TryGetValue(card.LeadId, out var lead))
            {
                continue;
            }

            var key = router.AccountKeyOf(lead);
            var accountOwner = Router.DataOwner(lead) ?? (key is null ? null : owners.GetValueOrDefault(key));
            var decision = router.Decide(card, lead, new RouteAccount(key ?? "", accountOwner, key is null ? 0 : contacts.GetValueOrDefault(key)));
            if (current.TryGetValue(card.LeadId, out var queue) && queue == decision.Queue && !decision.Reassign)
            {
                // A rescore into the same queue leaves the lead with whoever has it.
                continue;
            }

            var at = card.AsOf;
            var assignment = router.Assign(decision, accountOwner, load, at);
            load.Record(assignment, at);
            if (key is not null && assignment is { Status: AssignmentStatus.Assigned, Owner: { } owner })
            {
                owners.TryAdd(key, owner);
                contacts[key] = contacts.GetValueOrDefault(key) + 1;
            }

            var play = router.Plays?.Choose(card) is { } choice ? PlayJson.Write(choice) : null;
            written.Routes.Add(card.LeadId, key, assignment.Queue, assignment.Owner, StatusText(assignment.Status), card.Tier!.Tier,
                decision.Rule, assignment.Why, decision.Error, play, at, now);
            written.Steps.Add(card.LeadId, "routed", at, assignment.Queue, assignment.Owner, assignment.Why, scoreId, null, now);
            written.Load.Count(assignment, at);
            // The outbox row carries the score just stored for this card: its tier, composite and rules.
            written.Outbox.Add((card.LeadId, scoreId, at, card.Tier.Tier, card.Composite, card.Rules.Version, card.Rules.Hash));
        }

        written.Complete(_db.Connection, transaction, now);
        return written.Outbox.Count;
    }

    /// <summary>
    /// A batch's routes, steps and outbox rows, written with one statement per table per chunk
    /// (one per row made routing most of a rescore's time: 3 statements per routed lead).
    /// </summary>
    private sealed class RouteWrites(SqlDialect dialect)
    {
        public TableRows Routes { get; } = TableRows.Insert(dialect, "lead_routes",
            ["lead_id", "account_key", "queue", "owner", "status", "tier", "rule", "why", "error", "play", "routed_at", "updated_at"], """
            ON CONFLICT (lead_id) DO UPDATE SET account_key = excluded.account_key, queue = excluded.queue, owner = excluded.owner,
                status = excluded.status, tier = excluded.tier, rule = excluded.rule, why = excluded.why, error = excluded.error,
                play = excluded.play, routed_at = excluded.routed_at, updated_at = excluded.updated_at
            """);

        public TableRows Steps { get; } = TableRows.Insert(dialect, "route_steps",
            ["lead_id", "kind", "at", "queue", "owner", "why", "score_id", "sla_task_id", "created_at"], returningId: true);

        public List<(string LeadId, long ScoreId, DateTimeOffset AsOf, string Tier, decimal Composite, string Version, string Hash)> Outbox { get; } = [];

        public LoadCounts Load { get; } = new();

        public void Complete(DbConnection connection, DbTransaction transaction, DateTimeOffset now)
        {
            Routes.Complete(connection, transaction);
            Load.Complete(dialect, connection, transaction);
            var steps = Steps.Complete(connection, transaction);
            var outbox = TableRows.Insert(dialect, "score_changes",
                ["lead_id", "score_id", "as_of", "from_tier", "to_tier", "composite", "rules_version", "rules_hash", "created_at", "kind", "sla_task_id", "route_step_id"]);
            for (var i = 0; i < Outbox.Count; i++)
            {
                var o = Outbox[i];
                outbox.Add(o.LeadId, o.ScoreId, o.AsOf, o.Tier, o.Tier, o.Composite, o.Version, o.Hash, now, "routed", null, steps[i]);
            }

            outbox.Complete(connection, transaction);
        }
    }

    /// <summary>
    /// The SLA monitor's routing steps at <paramref name="now"/>: a breached task still unworked
    /// after its queue's grace is escalated to the queue's escalation contact; still unworked a
    /// grace after that (a second breach), the lead is re-routed to the next member or the
    /// fallback; held leads are offered again.
    /// </summary>
    internal RoutingSweep Sweep(Router router, DateTimeOffset now, DbTransaction transaction)
    {
        var connection = _db.Connection;
        var load = Load(now, now, transaction);
        var counts = new LoadCounts();
        TimeSpan? Grace(string queue) => router.Teams.Queues.TryGetValue(queue, out var q) ? q.EscalationGrace : null;

        var escalated = 0;
        var breached = connection.Query<TaskRoute>("""
            SELECT t.id AS TaskId, t.lead_id AS LeadId, t.score_id AS ScoreId, t.breached_at AS Since, r.queue AS Queue, r.owner AS Owner
            FROM sla_tasks t JOIN lead_routes r ON r.lead_id = t.lead_id
            WHERE t.status = 'breached' AND t.worked_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM route_steps s WHERE s.sla_task_id = t.id AND s.kind IN ('escalated', 'rerouted'))
            ORDER BY t.id
            """, transaction: transaction).ToList();
        foreach (var t in breached.Where(t => Grace(t.Queue) is { } g && t.Since + g <= now))
        {
            var queue = router.Teams.Queues[t.Queue];
            var to = router.Teams.Members.TryGetValue(queue.EscalateTo, out var m) ? m.Name : queue.EscalateTo;
            var why = string.Create(CultureInfo.InvariantCulture,
                $"SLA breached at {Timestamps.Format(t.Since)} and not worked {queue.EscalationGrace.TotalMinutes:0} min later: escalated to {to}");
            var step = AddStep(t.LeadId, "escalated", now, new Assignment(t.Queue, queue.EscalateTo, AssignmentStatus.Escalated, why), t.ScoreId, t.TaskId, now, transaction);
            AddToOutbox(t.LeadId, t.ScoreId, now, "escalated", t.TaskId, step, now, transaction);
            escalated++;
        }

        var rerouted = 0;
        var escalations = connection.Query<TaskRoute>("""
            SELECT t.id AS TaskId, t.lead_id AS LeadId, t.score_id AS ScoreId, s.at AS Since, r.queue AS Queue, r.owner AS Owner
            FROM sla_tasks t JOIN lead_routes r ON r.lead_id = t.lead_id
                JOIN route_steps s ON s.sla_task_id = t.id AND s.kind = 'escalated'
            WHERE t.status = 'breached' AND t.worked_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM route_steps x WHERE x.sla_task_id = t.id AND x.kind = 'rerouted')
            ORDER BY t.id
            """, transaction: transaction).ToList();
        foreach (var t in escalations.Where(t => Grace(t.Queue) is { } g && t.Since + g <= now))
        {
            var decision = new RouteDecision(t.Queue, null, "second SLA breach: re-routed", null, false);
            var assignment = router.Assign(decision, null, load, now, exclude: t.Owner);
            load.Record(assignment, now);
            UpdateRoute(t.LeadId, assignment, now, transaction);
            var step = AddStep(t.LeadId, "rerouted", now, assignment, t.ScoreId, t.TaskId, now, transaction);
            counts.Count(assignment, now);
            AddToOutbox(t.LeadId, t.ScoreId, now, "routed", t.TaskId, step, now, transaction);
            rerouted++;
        }

        var released = 0;
        var held = connection.Query<(string LeadId, string Queue, string? Rule)>(
            "SELECT lead_id, queue, rule FROM lead_routes WHERE status = 'held' ORDER BY lead_id", transaction: transaction).ToList();
        foreach (var (leadId, heldIn, rule) in held.Where(h => router.Teams.Queues.ContainsKey(h.Queue)))
        {
            // Offered again from the queue its rule named (it was held at the end of the fallbacks).
            var queueName = router.Model.Rules.FirstOrDefault(r => r.Name == rule)?.Queue ?? heldIn;
            var assignment = router.Assign(new RouteDecision(queueName, rule, "released from hold", null, false), null, load, now);
            if (assignment.Status == AssignmentStatus.Held)
            {
                continue;
            }

            load.Record(assignment, now);
            UpdateRoute(leadId, assignment, now, transaction);
            var step = AddStep(leadId, "released", now, assignment, null, null, now, transaction);
            counts.Count(assignment, now);
            AddToOutbox(leadId, null, now, "routed", null, step, now, transaction);
            released++;
        }

        counts.Complete(_db.Dialect, connection, transaction);
        return new RoutingSweep(escalated, rerouted, released);
    }

    /// <summary>The lead's route now, or null when it was never routed.</summary>
    public LeadRoute? ForLead(string leadId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leadId);
        return _db.Connection.Query<RouteRow>($"{SelectRoutes} WHERE lead_id = @LeadId", new { LeadId = leadId }).Select(r => r.ToRoute()).SingleOrDefault();
    }

    /// <summary>Every routed lead's route now, by lead id (the console's queue page).</summary>
    public IReadOnlyList<LeadRoute> All() =>
        _db.Connection.Query<RouteRow>($"{SelectRoutes} ORDER BY lead_id").Select(r => r.ToRoute()).ToArray();

    /// <summary>Every routing step of the lead, oldest first.</summary>
    public IReadOnlyList<RouteStep> Steps(string leadId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leadId);
        return _db.Connection.Query<StepRow>($"{SelectSteps} WHERE lead_id = @LeadId ORDER BY id", new { LeadId = leadId }).Select(s => s.ToStep()).ToArray();
    }

    /// <summary>One step by id, or null.</summary>
    public RouteStep? Step(long id) =>
        _db.Connection.Query<StepRow>($"{SelectSteps} WHERE id = @Id", new { Id = id }).Select(s => s.ToStep()).SingleOrDefault();

    /// <summary>Every step, oldest first (reports).</summary>
    public IReadOnlyList<RouteStep> AllSteps() =>
        _db.Connection.Query<StepRow>($"{SelectSteps} ORDER BY id").Select(s => s.ToStep()).ToArray();

    /// <summary>
    /// Owners the data names that are not in <paramref name="members"/> (validate): a lead's
    /// <c>owner</c> attribute, or a stored assignment made under an older teams.json.
    /// </summary>
    public IReadOnlyList<(string LeadId, string Owner, string Source)> UnknownOwners(IReadOnlySet<string> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var found = new List<(string LeadId, string Owner, string Source)>();
        foreach (var (leadId, attributes) in _db.Connection.Query<(string, string)>(
                     $"SELECT lead_id, attributes FROM leads WHERE attributes LIKE '%\"{Router.OwnerAttribute}\":%' ORDER BY lead_id"))
        {
            if (AttributesJson.Read(attributes).TryGetValue(Router.OwnerAttribute, out var owner) && !members.Contains(owner.Trim()))
            {
                found.Add((leadId, owner.Trim(), "its owner attribute"));
            }
        }

        found.AddRange(_db.Connection.Query<(string LeadId, string Owner)>("SELECT lead_id, owner FROM lead_routes WHERE owner IS NOT NULL ORDER BY lead_id")
            .Where(r => !members.Contains(r.Owner)).Select(r => (r.LeadId, r.Owner, "its stored assignment")));
        return found;
    }

    private (Dictionary<string, string> Owners, Dictionary<string, int> Contacts) AccountOwners(List<string> keys, DbTransaction transaction)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var contacts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return (owners, contacts);
        }

        // The account's first assigned contact's owner: every later contact goes to the same rep.
        foreach (var (key, owner, status) in _db.Connection.Query<(string Key, string? Owner, string Status)>(
                     $"SELECT account_key, owner, status FROM lead_routes WHERE {_db.Dialect.In("account_key", "@Keys")} ORDER BY routed_at, lead_id",
                     new { Keys = _db.Dialect.List(keys) }, transaction))
        {
            contacts[key] = contacts.GetValueOrDefault(key) + 1;
            if (owner is not null && status == "assigned")
            {
                owners.TryAdd(key, owner);
            }
        }

        return (owners, contacts);
    }

    /// <summary>
    /// Stored assignments per queue and member (round robin), and each member's assignments from two
    /// days before <paramref name="from"/> to two days after <paramref name="to"/> (capacity is per
    /// local day of the assignment's time), from the route_load counts.
    /// </summary>
    private RoutingLoad Load(DateTimeOffset from, DateTimeOffset to, DbTransaction transaction)
    {
        var connection = _db.Connection;
        var load = new RoutingLoad();
        long rows = 0, maxId = 0;
        foreach (var (queue, owner, count, n, max) in connection.Query<(string, string, long, long, long)>(
                     "SELECT queue, owner, CAST(SUM(assigned) AS BIGINT), COUNT(*), MAX(id) FROM route_load GROUP BY queue, owner", transaction: transaction))
        {
            load.AddTotal(queue, owner, count);
            rows += n;
            maxId = Math.Max(maxId, max);
        }

        foreach (var row in connection.Query<RecentRow>(
                     "SELECT owner AS Owner, at AS At, CAST(SUM(assigned) AS BIGINT) AS Count FROM route_load WHERE at >= @Since AND at <= @Until GROUP BY owner, at",
                     new { Since = LoadCounts.Quarter(from.AddDays(-2)), Until = to.AddDays(2) }, transaction))
        {
            load.AddRecent(row.Owner, row.At, row.Count);
        }

        // Each batch appends its own counts; once the rows have doubled since they were last folded,
        // fold them, one row per queue, member and quarter hour. On PostgreSQL rows another worker
        // has not committed yet are not deleted, and two folds at once delete each row once.
        if (rows >= (2 * _foldedRows) + FoldAfterRows)
        {
            var folded = connection.Query<(string Queue, string Owner, string At, long Assigned)>(
                    "DELETE FROM route_load WHERE id <= @MaxId RETURNING queue, owner, at, assigned", new { MaxId = maxId }, transaction)
                .GroupBy(r => (r.Queue, r.Owner, r.At))
                .Select(g => (g.Key, Assigned: g.Sum(r => r.Assigned)))
                .OrderBy(g => g.Key.At, StringComparer.Ordinal).ThenBy(g => g.Key.Queue, StringComparer.Ordinal).ThenBy(g => g.Key.Owner, StringComparer.Ordinal)
                .ToList();
            var insert = TableRows.Insert(_db.Dialect, "route_load", ["queue", "owner", "at", "assigned"]);
            foreach (var (key, assigned) in folded)
            {
                insert.Add(key.Queue, key.Owner, key.At, assigned);
            }

            insert.Complete(connection, transaction);
            _foldedRows = folded.Count;
        }

        return load;
    }

    private long _foldedRows;

    /// <summary>Rows of counts appended since the last fold (beyond twice what it left) that make the next read fold them.</summary>
    internal int FoldAfterRows { get; set; } = 500;

    /// <summary>
    /// Assignments made by one batch or sweep, counted per queue, member and quarter hour for
    /// route_load. Only the steps that assign count (routed, re-routed, released: their callers
    /// call <see cref="Count"/>), never an escalation, and only with an owner.
    /// </summary>
    private sealed class LoadCounts
    {
        private static readonly long QuarterTicks = TimeSpan.FromMinutes(15).Ticks;
        private readonly Dictionary<(DateTimeOffset At, string Queue, string Owner), long> _counts = [];

        public static DateTimeOffset Quarter(DateTimeOffset at) =>
            new(at.UtcTicks - (at.UtcTicks % QuarterTicks), TimeSpan.Zero);

        public void Count(Assignment assignment, DateTimeOffset at)
        {
            if (assignment.Owner is { } owner)
            {
                var key = (Quarter(at), assignment.Queue, owner);
                _counts[key] = _counts.GetValueOrDefault(key) + 1;
            }
        }

        public void Complete(SqlDialect dialect, DbConnection connection, DbTransaction transaction)
        {
            var insert = TableRows.Insert(dialect, "route_load", ["queue", "owner", "at", "assigned"]);
            // In time, queue and member order (ordinal): the same batch appends its rows the same way on any machine.
            foreach (var ((at, queue, owner), count) in _counts.OrderBy(c => c.Key.At)
                         .ThenBy(c => c.Key.Queue, StringComparer.Ordinal).ThenBy(c => c.Key.Owner, StringComparer.Ordinal))
            {
                insert.Add(queue, owner, at, count);
            }

            insert.Complete(connection, transaction);
        }
    }

    private void UpdateRoute(string leadId, Assignment assignment, DateTimeOffset now, DbTransaction transaction) =>
        _db.Connection.Execute("UPDATE lead_routes SET queue = @Queue, owner = @Owner, status = @Status, why = @Why, updated_at = @Now WHERE lead_id = @LeadId",
            new { LeadId = leadId, assignment.Queue, assignment.Owner, Status = StatusText(assignment.Status), assignment.Why, Now = now }, transaction);

    private long AddStep(string leadId, string kind, DateTimeOffset at, Assignment assignment, long? scoreId, long? taskId, DateTimeOffset now, DbTransaction transaction) =>
        _db.Connection.ExecuteScalar<long>("""
            INSERT INTO route_steps (lead_id, kind, at, queue, owner, why, score_id, sla_task_id, created_at)
            VALUES (@LeadId, @Kind, @At, @Queue, @Owner, @Why, @ScoreId, @TaskId, @Now) RETURNING id
            """, new { LeadId = leadId, Kind = kind, At = at, assignment.Queue, assignment.Owner, assignment.Why, ScoreId = scoreId, TaskId = taskId, Now = now }, transaction);

    /// <summary>An outbox row announcing a step, with the lead's score (the given history row, else its current one).</summary>
    private void AddToOutbox(string leadId, long? scoreId, DateTimeOffset asOf, string kind, long? taskId, long stepId, DateTimeOffset now, DbTransaction transaction) =>
        _db.Connection.Execute("""
            INSERT INTO score_changes (lead_id, score_id, as_of, from_tier, to_tier, composite, rules_version, rules_hash, created_at, kind, sla_task_id, route_step_id)
            SELECT @LeadId, s.id, @AsOf, s.tier, s.tier, s.composite, v.rules_version, v.rules_hash, @Now, @Kind, @TaskId, @StepId
            FROM scores s JOIN rule_versions v ON v.id = s.rules_id WHERE s.id = COALESCE(@ScoreId, (SELECT c.score_id FROM scores_current c WHERE c.lead_id = @LeadId))
            """, new { LeadId = leadId, ScoreId = scoreId, AsOf = asOf, Now = now, Kind = kind, TaskId = taskId, StepId = stepId }, transaction);

    private static string StatusText(AssignmentStatus status) => status switch
    {
        AssignmentStatus.Assigned => "assigned",
        AssignmentStatus.Held => "held",
        _ => "escalated",
    };

    private const string SelectRoutes = """
        SELECT lead_id AS LeadId, account_key AS AccountKey, queue AS Queue, owner AS Owner, status AS Status, tier AS Tier, rule AS Rule,
               why AS Why, error AS Error, play AS Play, routed_at AS RoutedAt, updated_at AS UpdatedAt
        FROM lead_routes
        """;

    private const string SelectSteps = """
        SELECT id AS Id, lead_id AS LeadId, kind AS Kind, at AS At, queue AS Queue, owner AS Owner, why AS Why, sla_task_id AS SlaTaskId
        FROM route_steps
        """;

    private sealed class TaskRoute
    {
        public long TaskId { get; set; }
        public string LeadId { get; set; } = "";
        public long ScoreId { get; set; }
        public DateTimeOffset Since { get; set; }
        public string Queue { get; set; } = "";
        public string? Owner { get; set; }
    }

    private sealed class RecentRow
    {
        public string Owner { get; set; } = "";
        public DateTimeOffset At { get; set; }
        public long Count { get; set; }
    }

    private sealed class RouteRow
    {
        public string LeadId { get; set; } = "";
        public string? AccountKey { get; set; }
        public string Queue { get; set; } = "";
        public string? Owner { get; set; }
        public string Status { get; set; } = "";
        public string Tier { get; set; } = "";
        public string? Rule { get; set; }
        public string Why { get; set; } = "";
        public string? Error { get; set; }
        public string? Play { get; set; }
        public DateTimeOffset RoutedAt { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }

        public LeadRoute ToRoute() => new(LeadId, AccountKey, Queue, Owner, Status, Tier, Rule, Why, Error, Play, RoutedAt, UpdatedAt);
    }

    private sealed class StepRow
    {
        public long Id { get; set; }
        public string LeadId { get; set; } = "";
        public string Kind { get; set; } = "";
        public DateTimeOffset At { get; set; }
        public string Queue { get; set; } = "";
        public string? Owner { get; set; }
        public string Why { get; set; } = "";
        public long? SlaTaskId { get; set; }

        public RouteStep ToStep() => new(Id, LeadId, Kind, At, Queue, Owner, Why, SlaTaskId);
    }
}
