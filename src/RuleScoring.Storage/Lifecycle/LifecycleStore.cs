using System.Text.Json;
using Dapper;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Lifecycle;

/// <summary>
/// Lifecycle stages derived from what is stored: a lead is an inquiry when it arrives, an MQL or
/// SQL when a score's tier says so (tiers.json's mql / sql flags), SAL when sales accepts it, an
/// opportunity when a deal is created, won or lost when it closes. Transitions are appended,
/// never changed. A move backwards (rejected by sales; a won or lost lead qualifying again or
/// getting a new deal) is stored as a recycle with its reason, so the funnel counts it instead
/// of losing the lead. A score that says less than the stage already reached (an SQL whose
/// tier drops to MQL) moves nothing: stages do not decay.
/// </summary>
public sealed class LifecycleStore
{
    private readonly ScoreDatabase _db;

    internal LifecycleStore(ScoreDatabase db) => _db = db;

    /// <summary>
    /// Applies every stored event not yet applied, per lead in time order, from the lead's last
    /// transition on. Idempotent: a second run with nothing new appends nothing. An event older
    /// than the lead's last transition that arrives later is not applied back in time.
    /// </summary>
    /// <param name="leadIds">Only these leads (the worker's tick); null: every lead.</param>
    public LifecycleUpdateResult Update(IReadOnlyCollection<string>? leadIds = null)
    {
        var filter = leadIds is null ? "" : $"WHERE {_db.Dialect.In("lead_id", "@Ids")}";
        var args = new { Ids = _db.Dialect.List(leadIds ?? []) };
        var c = _db.Connection;
        var events = new List<Event>();
        events.AddRange(c.Query<Event>($"""
            SELECT lead_id AS LeadId, COALESCE(created_at, first_seen_at) AS At, 0 AS Kind, 'lead:created' AS Source, NULL AS Tier,
                   'inquiry' AS Target, NULL AS Reason FROM leads {filter}
            """, args));
        events.AddRange(c.Query<Event>($"""
            SELECT lead_id AS LeadId, as_of AS At, 1 AS Kind, 'score:' || id AS Source, tier AS Tier,
                   CASE WHEN is_sql = 1 THEN 'sql' WHEN is_mql = 1 THEN 'mql' END AS Target,
                   NULL AS Reason
            FROM scores {filter} ORDER BY id
            """, args));
        events.AddRange(c.Query<Event>($"""
            SELECT lead_id AS LeadId, at AS At, 2 AS Kind, 'disposition:' || id AS Source, NULL AS Tier,
                   CASE status WHEN 'accepted' THEN 'sal' ELSE 'inquiry' END AS Target,
                   CASE status WHEN 'rejected' THEN 'rejected by sales' || COALESCE(': ' || reason, '') END AS Reason
            FROM dispositions {filter} ORDER BY id
            """, args));
        // Every deal counts, dated or not: one without dates opens (and closes) at the lead's arrival.
        var dealFilter = leadIds is null ? "" : $"AND {_db.Dialect.In("d.lead_id", "@Ids")}";
        events.AddRange(c.Query<Event>($"""
            SELECT d.lead_id AS LeadId, COALESCE(d.created_at, d.closed_at, l.created_at, l.first_seen_at) AS At, 3 AS Kind,
                   'deal:' || d.deal_id || ':created' AS Source, NULL AS Tier, 'opportunity' AS Target, NULL AS Reason,
                   CASE WHEN d.created_at IS NULL AND d.closed_at IS NULL THEN 1 ELSE 0 END AS Undated
            FROM deals d JOIN leads l ON l.lead_id = d.lead_id
            WHERE 1 = 1 {dealFilter} ORDER BY d.deal_id
            """, args));
        events.AddRange(c.Query<Event>($"""
            SELECT d.lead_id AS LeadId, COALESCE(d.closed_at, d.created_at, l.created_at, l.first_seen_at) AS At, 4 AS Kind,
                   'deal:' || d.deal_id || ':closed' AS Source, NULL AS Tier, d.outcome AS Target, NULL AS Reason,
                   CASE WHEN d.closed_at IS NULL THEN 1 ELSE 0 END AS Undated
            FROM deals d JOIN leads l ON l.lead_id = d.lead_id
            WHERE d.outcome IN ('won', 'lost') {dealFilter} ORDER BY d.deal_id
            """, args));

        var stored = c.Query<LifecycleTransitionRow>($"{SelectTransitions} {filter} ORDER BY id", args)
            .GroupBy(t => t.LeadId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var now = _db.Time.GetUtcNow();
        var rows = new List<(string LeadId, string? From, string? To, DateTimeOffset At, string Source, string? Tier, bool Recycle, string? Reason)>();
        var leads = 0;
        var recycles = 0;
        var firstScoredAfterClose = 0;
        foreach (var lead in events.GroupBy(e => e.LeadId, StringComparer.Ordinal))
        {
            var history = stored.GetValueOrDefault(lead.Key) ?? [];
            var consumed = history.Select(h => h.Source).ToHashSet(StringComparer.Ordinal);
            var stage = history.Count > 0 ? history[^1].ToStage : null;
            var since = history.Count > 0 ? history[^1].At : DateTimeOffset.MinValue;
            var createdAt = lead.Where(e => e.Kind == 0).Select(e => e.At).FirstOrDefault();
            string? tier = null;
            var scored = false;
            var before = rows.Count;
            var ordered = lead.OrderBy(e => e.Kind == 0 ? 0 : 1).ThenBy(e => e.At).ThenBy(e => e.Kind).ToList();
            // Where the run that stored the last transition got to: a score or disposition at the same
            // instant that sorts before it was decided then (and moved nothing), so is not decided
            // again from the later stage (a card at the moment a deal closed is not "after" the loss).
            var decidedUpTo = history.Count > 0 ? ordered.FindIndex(e => e.Source == history[^1].Source) : -1;
            for (var index = 0; index < ordered.Count; index++)
            {
                var e = ordered[index];
                // The lead's first card ever, dated after its deal closed, is a history scored once
                // at the end (a backfill), not a customer coming back: with no earlier card there is
                // nothing it qualifies "again" from. Counted, never stored as a recycle.
                var firstCard = e.Kind == 1 && !scored;
                if (e.Kind == 1)
                {
                    tier = e.Tier;
                    scored = true;
                }

                if (index < decidedUpTo && e.Kind is 1 or 2 && e.At == since)
                {
                    continue;
                }

                if (firstCard && stage is not null && LifecycleStage.IsClosed(stage) && !consumed.Contains(e.Source))
                {
                    firstScoredAfterClose += e.Target is null ? 0 : 1;
                    continue;
                }

                // A deal is never dropped for its date: one dated before the lead's last move (won
                // before first contact, or imported after later scores) is counted at that move, and
                // its reason says so. Scores and dispositions are not applied back in time.
                var late = e.Kind is 3 or 4 && e.At < since;
                if (consumed.Contains(e.Source) || e.Target is null || (e.Kind != 0 && e.At < since && !late) || (e.Kind == 1 && e.At < createdAt))
                {
                    continue;
                }

                var move = Decide(stage, e);
                if (move is null)
                {
                    continue;
                }

                var at = late ? since : e.At;
                var reason = move.Value.Reason ?? (e.Undated != 0 ? $"{Describe(e)} without a {(e.Kind == 4 ? "close " : "")}date: counted at {Day(at)}"
                    : late ? $"{Describe(e)} {Day(e.At)}, before the lead's {(since == createdAt ? "first contact" : "last move")}: counted at {Day(at)}"
                    : null);
                rows.Add((lead.Key, stage, e.Target, at, e.Source, e.Tier ?? tier, move.Value.Recycle, reason));
                recycles += move.Value.Recycle ? 1 : 0;
                stage = e.Target;
                since = at;
            }

            leads += rows.Count > before ? 1 : 0;
        }

        // One statement per chunk of transitions (one round trip per 1,000 on PostgreSQL), not one per row.
        var insert = TableRows.Insert(_db.Dialect, "lifecycle_transitions", ["lead_id", "from_stage", "to_stage", "at", "source", "tier", "recycle", "reason", "recorded_at"]);
        foreach (var row in rows)
        {
            insert.Add(row.LeadId, row.From, row.To, row.At, row.Source, row.Tier, row.Recycle, row.Reason, now);
        }

        using var transaction = c.BeginTransaction();
        insert.Complete(c, transaction);
        transaction.Commit();
        return new LifecycleUpdateResult(leads, rows.Count, recycles) { FirstScoredAfterClose = firstScoredAfterClose };
    }

    /// <summary>The lead's transitions, oldest first.</summary>
    public IReadOnlyList<LifecycleTransition> Transitions(string leadId) =>
        _db.Connection.Query<LifecycleTransitionRow>($"{SelectTransitions} WHERE lead_id = @LeadId ORDER BY id", new { LeadId = leadId })
            .Select(r => r.ToTransition()).ToList();

    /// <summary>Every transition, by lead then in order (reports).</summary>
    public IReadOnlyList<LifecycleTransition> All() =>
        _db.Connection.Query<LifecycleTransitionRow>($"{SelectTransitions} ORDER BY lead_id, id").Select(r => r.ToTransition()).ToList();

    /// <summary>The move an event makes from <paramref name="stage"/>, or null when it moves nothing.</summary>
    private static (bool Recycle, string? Reason)? Decide(string? stage, Event e)
    {
        var target = e.Target!;
        if (stage is null)
        {
            return (false, null);
        }

        if (target == stage)
        {
            return null;
        }

        if (e.Kind == 2 && target == LifecycleStage.Inquiry)
        {
            // Rejected: back to the start, counted as a recycle wherever the lead was.
            return (true, e.Reason);
        }

        if (target == LifecycleStage.Inquiry)
        {
            return null;
        }

        var from = LifecycleStage.Rank(stage);
        var to = LifecycleStage.Rank(target);
        if (to > from || (LifecycleStage.IsClosed(stage) && LifecycleStage.IsClosed(target)))
        {
            return (false, null);
        }

        // Backwards. Only a closed lead moves back (qualifying again, or a new deal): an open
        // lead that sales already took keeps its stage when a later score says less.
        if (!LifecycleStage.IsClosed(stage))
        {
            return null;
        }

        var why = e.Kind switch
        {
            1 => $"qualified again (tier {e.Tier}) after {stage}",
            2 => $"accepted by sales again after {stage}",
            _ => $"new opportunity after {stage}",
        };
        return (true, why);
    }

    private static string Describe(Event e) => e.Kind == 3 ? "deal opened" : $"deal {e.Target}";

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private const string SelectTransitions = """
        SELECT id AS Id, lead_id AS LeadId, from_stage AS FromStage, to_stage AS ToStage, at AS At, source AS Source, tier AS Tier,
               recycle AS Recycle, reason AS Reason
        FROM lifecycle_transitions
        """;

    private sealed class Event
    {
        public string LeadId { get; set; } = "";
        public DateTimeOffset At { get; set; }
        public int Kind { get; set; }
        public string Source { get; set; } = "";
        public string? Tier { get; set; }
        public string? Target { get; set; }
        public string? Reason { get; set; }
        public long Undated { get; set; }
    }

    private sealed class LifecycleTransitionRow
    {
        public long Id { get; set; }
        public string LeadId { get; set; } = "";
        public string? FromStage { get; set; }
        public string ToStage { get; set; } = "";
        public DateTimeOffset At { get; set; }
        public string Source { get; set; } = "";
        public string? Tier { get; set; }
        public bool Recycle { get; set; }
        public string? Reason { get; set; }

        public LifecycleTransition ToTransition() => new(Id, LeadId, FromStage, ToStage, At, Source, Tier, Recycle, Reason);
    }
}
