using System.Data.Common;
using Dapper;
using RuleScoring.Core.Rules;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Leads;

namespace RuleScoring.Storage.Worker;

/// <summary>
/// What the worker asks of the store each tick: which leads need a score, where its cursor over
/// the signals stands, and which rule set it made active when.
/// </summary>
public sealed class WorkerStore
{
    /// <summary>The worker's position in the signals table (signals.seq): every signal at or below it has been considered.</summary>
    public const string SignalCursor = "worker.signals";

    /// <summary>The score history row up to which accounts and lifecycle stages are up to date.</summary>
    public const string AccountCursor = "worker.accounts";

    /// <summary>
    /// The last score history row written before batches moved their leads' lifecycle stages
    /// themselves (migration 0011): only rows up to it can need the catch-up pass.
    /// </summary>
    public const string FollowedAfter = "worker.followed_after";

    private readonly ScoreDatabase _db;

    internal WorkerStore(ScoreDatabase db) => _db = db;

    /// <summary>
    /// Claims up to <paramref name="limit"/> leads with no score yet, or a score made under another
    /// rule set than <paramref name="rulesHash"/>, after <paramref name="afterLeadId"/> in id order
    /// (null: from the start). They are scored first, so a new rule version reaches every lead
    /// (retroactively) and a new lead gets its first card; resumable, since a lead leaves this set
    /// as soon as its card is stored. Several workers may claim
    /// at once: each passes over the leads another holds, and a lead scored under
    /// <paramref name="rulesHash"/> by another worker while this one looked is left out, so no lead
    /// is scored twice for one rule version. Empty when nothing after that point needs it.
    /// </summary>
    /// <param name="asOf">The time the leads are scored as of: leads created after it are left out (see <see cref="CountUnscoredOrStale"/>).</param>
    public LeadClaim ClaimUnscoredOrStale(string rulesHash, DateTimeOffset asOf, string? afterLeadId, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Claim(transaction => _db.Connection.Query<string>(ClaimUnscoredOrStaleSql, new { Hash = rulesHash, After = afterLeadId, Limit = limit, AsOf = asOf }, transaction).ToArray(),
            // The claim locked the lead rows; this later statement sees every card committed before it.
            (transaction, ids) => _db.Connection.Query<string>(
                $"SELECT lead_id FROM scores_current WHERE {_db.Dialect.In("lead_id", "@Ids")} AND rules_hash = @Hash",
                new { Ids = _db.Dialect.List(ids), Hash = rulesHash }, transaction));
    }

    /// <summary>
    /// The claim of <see cref="ClaimUnscoredOrStale"/> (parameters @Hash, @After, @Limit, @AsOf): leads
    /// in id order from the cursor, each looked up in scores_current on its own, until @Limit are found.
    /// A join let PostgreSQL's planner pick from statistics taken under other rules: after a change and
    /// back (a rollback, the bench's v1, v2, v1), ANALYZE had seen every card under the rules now
    /// wanted, so it expected no lead to need them and hashed all of scores_current for every batch
    /// (190 ms a claim at 200,000 leads; a one-worker change took 39 s instead of 21 s). A scalar
    /// subquery is not turned into a join: the work is the leads passed over, whatever was analysed.
    /// </summary>
    internal string ClaimUnscoredOrStaleSql => $"""
        SELECT l.lead_id FROM leads l
        WHERE (@After IS NULL OR l.lead_id > @After) AND {LeadStore.CreatedBy("l")} AND {NotScoredUnder("l")}
        ORDER BY l.lead_id LIMIT @Limit {_db.Dialect.ClaimRows("l", skipLocked: true)}
        """;

    /// <summary>Lead <paramref name="alias"/> has no card, or one under other rules than @Hash: looked up on its own (see <see cref="ClaimUnscoredOrStaleSql"/>).</summary>
    private static string NotScoredUnder(string alias) =>
        $"COALESCE((SELECT c.rules_hash FROM scores_current c WHERE c.lead_id = {alias}.lead_id), '') <> @Hash";

    /// <summary>
    /// Claims up to <paramref name="limit"/> scored leads whose next change time is at or before
    /// <paramref name="asOf"/> (decay, windows, dated signals), passing over leads another worker holds.
    /// </summary>
    public LeadClaim ClaimDue(DateTimeOffset asOf, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Claim(transaction => _db.Connection.Query<string>(ClaimDueSql, new { AsOf = asOf, Limit = limit }, transaction).ToArray(),
            (transaction, ids) => _db.Connection.Query<string>(
                $"SELECT lead_id FROM scores_current WHERE {_db.Dialect.In("lead_id", "@Ids")} AND (next_change_at IS NULL OR next_change_at > @AsOf)",
                new { Ids = _db.Dialect.List(ids), AsOf = asOf }, transaction));
    }

    /// <summary>
    /// The claim of <see cref="ClaimDue"/> (parameters @AsOf, @Limit): due leads in the order of
    /// ix_current_due, (next_change_at, lead_id) since migration 0016, so a batch reads what it takes
    /// however many leads are due at the same instant.
    /// </summary>
    internal string ClaimDueSql => $"""
        SELECT l.lead_id FROM scores_current c JOIN leads l ON l.lead_id = c.lead_id
        WHERE c.next_change_at <= @AsOf AND {LeadStore.CreatedBy("l")} ORDER BY c.next_change_at, c.lead_id LIMIT @Limit {_db.Dialect.ClaimRows("l", skipLocked: true)}
        """;

    /// <summary>Claims these leads, waiting for a worker that holds one of them (the signal step, which must score exactly these).</summary>
    public LeadClaim Claim(IReadOnlyCollection<string> leadIds)
    {
        ArgumentNullException.ThrowIfNull(leadIds);
        // Always in id order, so two claimants never wait on each other in a circle.
        return Claim(transaction => _db.Connection.Query<string>(
            $"SELECT l.lead_id FROM leads l WHERE {_db.Dialect.In("l.lead_id", "@Ids")} ORDER BY l.lead_id {_db.Dialect.ClaimRows("l", skipLocked: false)}",
            new { Ids = _db.Dialect.List(leadIds) }, transaction).ToArray(),
            (_, _) => []);
    }

    private LeadClaim Claim(Func<DbTransaction?, string[]> claim, Func<DbTransaction?, string[], IEnumerable<string>> alreadyDone)
    {
        // PostgreSQL: the claim is the transaction's row locks, from here to the commit. SQLite: no
        // transaction until the cards are stored (see LeadClaim); one writer at a time needs no claim.
        var transaction = _db.Kind == StoreKind.Postgres ? _db.Connection.BeginTransaction() : null;
        try
        {
            var claimed = claim(transaction);
            var ids = claimed;
            if (ids.Length > 0 && _db.Kind == StoreKind.Postgres)
            {
                var done = alreadyDone(transaction, ids).ToHashSet(StringComparer.Ordinal);
                ids = [.. ids.Where(id => !done.Contains(id))];
            }

            return new LeadClaim(_db.Connection, transaction, ids, claimed.Length > 0 ? claimed[^1] : null);
        }
        catch
        {
            transaction?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs a cursor step (signals, accounts) only when no other worker is running it, so a shared
    /// cursor is read and moved by one worker at a time. Null when another worker has the turn.
    /// </summary>
    public IDisposable? TryTakeTurn(string cursor) => _db.Dialect.TryTakeTurn(_db.Connection, cursor);

    /// <summary>
    /// How many leads <see cref="ClaimUnscoredOrStale"/> can still claim for <paramref name="rulesHash"/>
    /// as of <paramref name="asOf"/>, and how many more it leaves out because they were created after it.
    /// </summary>
    public (long Stale, long NotYetCreated) CountUnscoredOrStale(string rulesHash, DateTimeOffset asOf) => _db.Connection.QuerySingle<(long, long)>($"""
        SELECT COUNT(CASE WHEN {LeadStore.CreatedBy("l")} THEN 1 END), COUNT(CASE WHEN NOT {LeadStore.CreatedBy("l")} THEN 1 END)
        FROM leads l LEFT JOIN scores_current c ON c.lead_id = l.lead_id
        WHERE c.lead_id IS NULL OR c.rules_hash <> @Hash
        """, new { Hash = rulesHash, AsOf = asOf });

    /// <summary>
    /// Whether any lead <see cref="ClaimUnscoredOrStale"/> could claim is left, held by another worker
    /// or not: it stops at the first one, where <see cref="CountUnscoredOrStale"/> counts them all.
    /// </summary>
    public bool AnyUnscoredOrStale(string rulesHash, DateTimeOffset asOf) => _db.Connection.ExecuteScalar<long?>($"""
        SELECT 1 FROM leads l WHERE {LeadStore.CreatedBy("l")} AND {NotScoredUnder("l")} LIMIT 1
        """, new { Hash = rulesHash, AsOf = asOf }) is not null;

    /// <summary>
    /// Scored leads with signals their current card has not seen, among signals after
    /// <paramref name="afterSeq"/> (the cursor), and the highest sequence number examined: pass it
    /// to <see cref="SetCursor"/> once those leads' cards are stored.
    /// </summary>
    public (IReadOnlyList<string> LeadIds, long LastSeq) LeadsWithNewSignals(long afterSeq, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        // Only up to the settled position: on PostgreSQL a signal can commit after one with a higher seq.
        var settled = _db.Dialect.SettledPosition(_db.Connection, AppendLog.Signals);
        var rows = _db.Connection.Query<(long Seq, string LeadId, long Seen)>("""
            SELECT s.seq, s.lead_id, COALESCE(c.signal_seq, -1)
            FROM signals s LEFT JOIN scores_current c ON c.lead_id = s.lead_id
            WHERE s.seq > @After AND s.seq <= @Settled ORDER BY s.seq LIMIT @Limit
            """, new { After = afterSeq, Settled = settled, Limit = limit }).ToList();
        if (rows.Count == 0)
        {
            return ([], afterSeq);
        }

        // A lead without a score (-1) is the first pass's to score; one that saw this signal needs nothing.
        var leads = rows.Where(r => r.Seen >= 0 && r.Seq > r.Seen).Select(r => r.LeadId).Distinct(StringComparer.Ordinal).ToArray();
        return (leads, rows[^1].Seq);
    }

    /// <summary>
    /// Leads whose card changed (a score history row) after <paramref name="afterId"/>, and the
    /// highest row id examined: pass it to <see cref="SetCursor"/> once their accounts and stages
    /// are updated. Catches up what a stop between storing a batch and that update left behind.
    /// </summary>
    /// <param name="upTo">Only rows up to this id (null: up to the settled position).</param>
    public (IReadOnlyList<string> LeadIds, long LastId) LeadsWithChangedCards(long afterId, long? upTo = null)
    {
        var last = upTo ?? _db.Dialect.SettledPosition(_db.Connection, AppendLog.Scores);
        if (last <= afterId)
        {
            return ([], afterId);
        }

        var leads = _db.Connection.Query<string>("SELECT DISTINCT lead_id FROM scores WHERE id > @After AND id <= @Last", new { After = afterId, Last = last }).ToList();
        return (leads, last);
    }

    public long GetCursor(string name) =>
        _db.Connection.ExecuteScalar<long?>("SELECT position FROM cursors WHERE name = @Name", new { Name = name }) ?? 0;

    public void SetCursor(string name, long position) => _db.Connection.Execute("""
        INSERT INTO cursors (name, position, updated_at) VALUES (@Name, @Position, @Now)
        ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at
        """, new { Name = name, Position = position, Now = _db.Time.GetUtcNow() });

    /// <summary>Signals after the cursor, and when the oldest of them was received: the worker's backlog.</summary>
    public (long Signals, DateTimeOffset? OldestReceivedAt) SignalBacklog(long afterSeq) =>
        _db.Connection.QuerySingle<(long, DateTimeOffset?)>(
            "SELECT COUNT(*), MIN(received_at) FROM signals WHERE seq > @After", new { After = afterSeq });

    /// <summary>Records <paramref name="rules"/> as the active version; <paramref name="changes"/> is one line per change from the last one.</summary>
    public RuleActivation RecordActivation(RuleSetIdentity rules, IEnumerable<string> changes)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(changes);
        var now = _db.Time.GetUtcNow();
        var text = string.Join('\n', changes);
        var id = _db.Connection.ExecuteScalar<long>("""
            INSERT INTO rule_activations (rules_name, rules_version, rules_hash, activated_at, changes)
            VALUES (@Name, @Version, @Hash, @Now, @Changes) RETURNING id
            """, new { rules.Name, rules.Version, rules.Hash, Now = now, Changes = text });
        return new RuleActivation(id, rules.Name, rules.Version, rules.Hash, now, text);
    }

    /// <summary>The most recent activation, or null before the worker first ran.</summary>
    public RuleActivation? LastActivation() => _db.Connection.QuerySingleOrDefault<ActivationRow>("""
        SELECT id AS Id, rules_name AS RulesName, rules_version AS RulesVersion, rules_hash AS RulesHash, activated_at AS ActivatedAt, changes AS Changes
        FROM rule_activations ORDER BY id DESC LIMIT 1
        """)?.ToActivation();

    /// <summary>The latest <paramref name="limit"/> activations, newest first.</summary>
    public IReadOnlyList<RuleActivation> Activations(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return _db.Connection.Query<ActivationRow>("""
            SELECT id AS Id, rules_name AS RulesName, rules_version AS RulesVersion, rules_hash AS RulesHash, activated_at AS ActivatedAt, changes AS Changes
            FROM rule_activations ORDER BY id DESC LIMIT @Limit
            """, new { Limit = limit }).Select(r => r.ToActivation()).ToArray();
    }

    private sealed class ActivationRow
    {
        public long Id { get; set; }
        public string RulesName { get; set; } = "";
        public string RulesVersion { get; set; } = "";
        public string RulesHash { get; set; } = "";
        public DateTimeOffset ActivatedAt { get; set; }
        public string Changes { get; set; } = "";

        public RuleActivation ToActivation() => new(Id, RulesName, RulesVersion, RulesHash, ActivatedAt, Changes);
    }
}
