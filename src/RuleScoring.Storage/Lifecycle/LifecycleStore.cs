using System.Data.Common;
using System.Globalization;
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
        var events = Scores(leadIds, transaction: null);
        var (rows, backfilled) = Apply(leadIds, events, scoredBefore: null, transaction: null);
        using var transaction = _db.Connection.BeginTransaction();
        Write(rows, transaction);
        transaction.Commit();
        return Result(rows, backfilled);
    }

    /// <summary>
    /// Applies the score rows a batch just appended (in the batch's transaction), with the leads'
    /// arrivals, dispositions and deals, from each lead's stored transitions on: the same moves
    /// <see cref="Update"/> makes for these leads, without reading the leads' earlier score
    /// history, which grows with every rules version. What <see cref="Update"/> took from that
    /// history is whether the lead had a card before (its first card after a closed deal is a
    /// backfill: the lead's current card before the batch says so). A lead that a disposition or
    /// deal moves here is applied again from all of its events, as <see cref="Update"/> does: a card
    /// stored earlier can qualify it again after a deal that closed before that card, and the
    /// move's tier is the card's before it. Those are the few leads with new sales outcomes.
    /// </summary>
    /// <param name="leadIds">The batch's leads: those whose card did not change get their new dispositions and deals applied too.</param>
    /// <param name="scoredBefore">The batch's leads that had a card before it.</param>
    internal LifecycleUpdateResult Follow(IReadOnlyList<string> leadIds, IReadOnlyList<FollowedScore> appended, IReadOnlySet<string> scoredBefore, DbTransaction transaction)
    {
        if (leadIds.Count == 0)
        {
            return new LifecycleUpdateResult(0, 0, 0);
        }

        var events = appended.Select(a => new Event
        {
            LeadId = a.LeadId, At = a.AsOf, Kind = 1, Source = $"score:{a.ScoreId.ToString(CultureInfo.InvariantCulture)}", Tier = a.Tier,
            Target = a.Sql ? LifecycleStage.Sql : a.Mql ? LifecycleStage.Mql : null,
        }).ToList();
        var (rows, backfilled) = Apply(leadIds, events, scoredBefore, transaction);
        var moved = rows.Where(r => r.Source.StartsWith("disposition:", StringComparison.Ordinal) || r.Source.StartsWith("deal:", StringComparison.Ordinal))
            .Select(r => r.LeadId).ToHashSet(StringComparer.Ordinal);
        if (moved.Count > 0)
        {
            var again = Apply(moved, Scores(moved, transaction), scoredBefore: null, transaction);
            rows = [.. rows.Where(r => !moved.Contains(r.LeadId)), .. again.Rows];
            backfilled = [.. backfilled.Where(l => !moved.Contains(l)), .. again.Backfilled];
        }

        Write(rows, transaction);
        return Result(rows, backfilled);
    }

    private static LifecycleUpdateResult Result(List<NewTransition> rows, List<string> backfilled) =>
        new(rows.Select(r => r.LeadId).Distinct(StringComparer.Ordinal).Count(), rows.Count, rows.Count(r => r.Recycle)) { FirstScoredAfterClose = backfilled.Count };

    /// <summary>Every stored score of the leads (null: of every lead), as events.</summary>
    private List<Event> Scores(IReadOnlyCollection<string>? leadIds, DbTransaction? transaction)
    {
        var filter = leadIds is null ? "" : $"WHERE {_db.Dialect.In("lead_id", "@Ids")}";
        return _db.Connection.Query<Event>($"""
            SELECT lead_id AS LeadId, as_of AS At, 1 AS Kind, 'score:' || id AS Source, tier AS Tier,
                   CASE WHEN is_sql = 1 THEN 'sql' WHEN is_mql = 1 THEN 'mql' END AS Target,
                   NULL AS Reason
            FROM scores {filter} ORDER BY id
            """, new { Ids = _db.Dialect.List(leadIds ?? []) }, transaction).ToList();
    }

    /// <param name="scores">The score events to apply (every stored one for <see cref="Update"/>, the batch's for <see cref="Follow"/>).</param>
    /// <param name="scoredBefore">Follow: the leads that had a card before these scores (null: the scores are the whole history).</param>
    /// <returns>The transitions to append, and the leads whose first card came after their deal closed.</returns>
    private (List<NewTransition> Rows, List<string> Backfilled) Apply(IReadOnlyCollection<string>? leadIds, List<Event> scores, IReadOnlySet<string>? scoredBefore, DbTransaction? transaction)
    {
        var filter = leadIds is null ? "" : $"WHERE {_db.Dialect.In("lead_id", "@Ids")}";
        var args = new { Ids = _db.Dialect.List(leadIds ?? []) };
        var c = _db.Connection;
        var events = new List<Event>();
        // Only what differs by lead is read: each column costs the reader more than SQLite (a batch's
        // lifecycle took 17.5 of a 1M-lead rescore's 51 s of writing, mostly reading these rows).
        // On SQLite the two reads that grow with the batch go through SQLite's statement directly
        // (Dapper's mapping cost more than SQLite's read).
        var list = leadIds is null ? null : args.Ids;
        void Arrived(string leadId, string at) =>
            events.Add(new Event { LeadId = leadId, At = SqlTimestamp.Parse(at), Kind = 0, Source = "lead:created", Target = LifecycleStage.Inquiry });

        var arrivalsSql = $"SELECT lead_id, COALESCE(created_at, first_seen_at) FROM leads {filter}";
        if (!SqliteQuery.TryEach(c, arrivalsSql, list, row => Arrived(SqliteQuery.Text(row, 0) ?? "", SqliteQuery.Text(row, 1) ?? "")))
        {
            foreach (var (leadId, at) in c.Query<(string, string)>(arrivalsSql, args, transaction))
            {
                Arrived(leadId, at);
            }
        }

        events.AddRange(scores);
        events.AddRange(c.Query<Event>($"""
            SELECT lead_id AS LeadId, at AS At, 2 AS Kind, 'disposition:' || id AS Source, NULL AS Tier,
                   CASE status WHEN 'accepted' THEN 'sal' ELSE 'inquiry' END AS Target,
                   CASE status WHEN 'rejected' THEN 'rejected by sales' || COALESCE(': ' || reason, '') END AS Reason
            FROM dispositions {filter} ORDER BY id
            """, args, transaction));
        // Every deal counts, dated or not: one without dates opens (and closes) at the lead's arrival.
        // LEFT JOIN (a deal always has its lead): the deals index leads the loop, not 1,000 lookups in leads for a batch with no deal.
        var dealFilter = leadIds is null ? "" : $"AND {_db.Dialect.In("d.lead_id", "@Ids")}";
        events.AddRange(c.Query<Event>($"""
            SELECT d.lead_id AS LeadId, COALESCE(d.created_at, d.closed_at, l.created_at, l.first_seen_at) AS At, 3 AS Kind,
                   'deal:' || d.deal_id || ':created' AS Source, NULL AS Tier, 'opportunity' AS Target, NULL AS Reason,
                   CASE WHEN d.created_at IS NULL AND d.closed_at IS NULL THEN 1 ELSE 0 END AS Undated
            FROM deals d LEFT JOIN leads l ON l.lead_id = d.lead_id
            WHERE 1 = 1 {dealFilter} ORDER BY d.deal_id
            """, args, transaction));
        events.AddRange(c.Query<Event>($"""
            SELECT d.lead_id AS LeadId, COALESCE(d.closed_at, d.created_at, l.created_at, l.first_seen_at) AS At, 4 AS Kind,
                   'deal:' || d.deal_id || ':closed' AS Source, NULL AS Tier, d.outcome AS Target, NULL AS Reason,
                   CASE WHEN d.closed_at IS NULL THEN 1 ELSE 0 END AS Undated
            FROM deals d LEFT JOIN leads l ON l.lead_id = d.lead_id
            WHERE d.outcome IN ('won', 'lost') {dealFilter} ORDER BY d.deal_id
            """, args, transaction));

        var stored = new Dictionary<string, List<(string ToStage, DateTimeOffset At, string Source)>>(StringComparer.Ordinal);
        void Stored(string leadId, string toStage, string at, string source)
        {
            if (!stored.TryGetValue(leadId, out var transitions))
            {
                stored[leadId] = transitions = [];
            }

            transitions.Add((toStage, SqlTimestamp.Parse(at), source));
        }

        var transitionsSql = $"SELECT lead_id, to_stage, at, source FROM lifecycle_transitions {filter} ORDER BY id";
        if (!SqliteQuery.TryEach(c, transitionsSql, list, row => Stored(SqliteQuery.Text(row, 0) ?? "", SqliteQuery.Text(row, 1) ?? "", SqliteQuery.Text(row, 2) ?? "", SqliteQuery.Text(row, 3) ?? "")))
        {
            foreach (var (leadId, toStage, at, source) in c.Query<(string, string, string, string)>(transitionsSql, args, transaction))
            {
                Stored(leadId, toStage, at, source);
            }
        }

        var rows = new List<NewTransition>();
        var backfilled = new List<string>();
        foreach (var lead in events.GroupBy(e => e.LeadId, StringComparer.Ordinal))
        {
            var history = stored.GetValueOrDefault(lead.Key) ?? [];
            var consumed = history.Select(h => h.Source).ToHashSet(StringComparer.Ordinal);
            var stage = history.Count > 0 ? history[^1].ToStage : null;
            var since = history.Count > 0 ? history[^1].At : DateTimeOffset.MinValue;
            var createdAt = lead.Where(e => e.Kind == 0).Select(e => e.At).FirstOrDefault();
            string? tier = null;
            var scored = scoredBefore?.Contains(lead.Key) ?? false;
            var last = history.Count > 0 ? history[^1].Source : null;
            foreach (var e in lead.OrderBy(e => e.Kind == 0 ? 0 : 1).ThenBy(e => e.At).ThenBy(e => e.Kind))
            {
                // The lead's first card ever, dated after its deal closed, is a history scored once
                // at the end (a backfill), not a customer coming back: with no earlier card there is
                // nothing it qualifies "again" from. Counted, never stored as a recycle.
                var firstCard = e.Kind == 1 && !scored;
                if (e.Kind == 1)
                {
                    tier = e.Tier;
                    scored = true;
                }

                // A score or disposition at the instant of the last transition that sorts before it was
                // decided when that transition was (and moved nothing): not again from the later stage,
                // whichever path sees it (a card at the moment a deal closed is not "after" the loss).
                if (e.Kind is 1 or 2 && e.At == since && last is not null && SortsBefore(e, last))
                {
                    continue;
                }

                if (firstCard && stage is not null && LifecycleStage.IsClosed(stage) && !consumed.Contains(e.Source))
                {
                    if (e.Target is not null)
                    {
                        backfilled.Add(lead.Key);
                    }

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
                rows.Add(new NewTransition(lead.Key, stage, e.Target, at, e.Source, e.Tier ?? tier, move.Value.Recycle, reason));
                stage = e.Target;
                since = at;
            }
        }

        return (rows, backfilled);
    }

    private void Write(List<NewTransition> rows, DbTransaction transaction)
    {
        // One statement per chunk of transitions (one round trip per 1,000 on PostgreSQL), not one per row.
        var now = _db.Time.GetUtcNow();
        var insert = TableRows.Insert(_db.Dialect, "lifecycle_transitions", ["lead_id", "from_stage", "to_stage", "at", "source", "tier", "recycle", "reason", "recorded_at"]);
        foreach (var row in rows)
        {
            insert.Add(row.LeadId, row.From, row.To, row.At, row.Source, row.Tier, row.Recycle, row.Reason, now);
        }

        insert.Complete(_db.Connection, transaction);
    }

    private sealed record NewTransition(string LeadId, string? From, string? To, DateTimeOffset At, string Source, string? Tier, bool Recycle, string? Reason);

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

    /// <summary>Whether <paramref name="e"/> comes before the event <paramref name="source"/> names in the order events are applied (same instant).</summary>
    private static bool SortsBefore(Event e, string source)
    {
        var kind = source.StartsWith("lead:", StringComparison.Ordinal) ? 0
            : source.StartsWith("score:", StringComparison.Ordinal) ? 1
            : source.StartsWith("disposition:", StringComparison.Ordinal) ? 2
            : source.EndsWith(":created", StringComparison.Ordinal) ? 3 : 4;
        if (e.Kind != kind)
        {
            return e.Kind < kind;
        }

        // Scores and dispositions of one kind at one instant apply in id order.
        return long.TryParse(e.Source.AsSpan(e.Source.IndexOf(':') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && long.TryParse(source.AsSpan(source.IndexOf(':') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var lastId)
            && id < lastId;
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
