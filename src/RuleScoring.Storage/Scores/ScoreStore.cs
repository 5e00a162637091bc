using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Scores;

/// <summary>
/// Score history, the current score per lead and the tier-change outbox; a batch of cards also
/// opens and ends SLA tasks through <see cref="Sla.SlaStore"/>, in the same transaction: all of it
/// or none of it.
/// </summary>
public sealed class ScoreStore
{
    private readonly ScoreDatabase _db;

    internal ScoreStore(ScoreDatabase db) => _db = db;

    /// <summary>
    /// Stores a batch of cards (one per lead): appends each changed score to the history, moves the
    /// current score, records tier changes in the outbox and opens SLA tasks, in one transaction.
    /// A card whose score equals the lead's current one (same rules, points, tier and reasons; only
    /// the as-of time and the ages it implies differ) refreshes the current row and adds no
    /// history: the history is the list of changes, and "the score on date X" is its latest row
    /// at or before X.
    /// </summary>
    /// <param name="claim">
    /// The worker's claim on these leads (<see cref="Worker.WorkerStore"/>): the cards are written in
    /// its transaction, which its owner commits. Without one, the batch gets its own transaction.
    /// </param>
    /// <param name="template">
    /// The scoring rule set's card template (<see cref="LeadScorer.CardTemplate"/>): stored the first
    /// time its rules hash is, so the cards are stored compact. Without one, cards of a rules hash
    /// with no stored template are stored whole.
    /// </param>
    /// <exception cref="StorageException">The database cannot be written (full, read-only, locked); nothing of this batch is stored.</exception>
    /// <param name="router">Routes the leads entering a routed tier, in the same transaction (null: no routing).</param>
    /// <param name="followUp">What else follows the batch in its transaction: lifecycle stages, account membership (null: nothing).</param>
    public ScoreSaveResult Save(IReadOnlyList<ScoredLead> batch, Worker.LeadClaim? claim = null, CardTemplate? template = null, Core.Routing.Router? router = null,
        BatchFollowUp? followUp = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return new ScoreSaveResult(0, 0, 0, 0);
        }

        var duplicate = batch.GroupBy(s => s.Card.LeadId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"lead {duplicate.Key} appears {duplicate.Count()} times in one batch; store one card per lead", nameof(batch));
        }

        var now = _db.Time.GetUtcNow();
        var cards = batch.Select(s => new CardToStore(s, s.Prepared?.Sha ?? ScoreFingerprint(s.Card))).ToList();

        try
        {
            if (claim is not null)
            {
                return Write(batch, cards, now, template, claim.Transaction, router, followUp);
            }

            using var transaction = _db.Connection.BeginTransaction();
            var result = Write(batch, cards, now, template, transaction, router, followUp);
            transaction.Commit();
            return result;
        }
        catch (DbException ex)
        {
            // A full or read-only disk, or a writer that kept the lock: the transaction rolled back whole.
            throw StoreFailure.Wrap(_db.Path, ex, $"this batch of {batch.Count.ToString("N0", CultureInfo.InvariantCulture)} lead(s) was rolled back; the batches stored before it are kept, and running again carries on");
        }
    }

    private ScoreSaveResult Write(IReadOnlyList<ScoredLead> batch, List<CardToStore> cards, DateTimeOffset now, CardTemplate? template, DbTransaction transaction,
        Core.Routing.Router? router, BatchFollowUp? followUp)
    {
        _db.Dialect.AppendingTo(_db.Connection, transaction, AppendLog.Scores);
        var rulesIds = RecordRuleVersions(batch, now, transaction);
        var current = CurrentRows(batch, transaction);
        var appended = cards.Where(c => !current.TryGetValue(c.Scored.Card.LeadId, out var cur) || cur.CardSha != c.Sha).ToList();
        var unchanged = cards.Where(c => current.TryGetValue(c.Scored.Card.LeadId, out var cur) && cur.CardSha == c.Sha).ToList();
        Encode(cards, template, transaction);

        var scoreIds = AppendHistory(appended, current, rulesIds, now, transaction);
        MoveCurrent(appended, scoreIds, now, transaction);
        RefreshCurrent(unchanged, now, transaction);
        var changes = appended
            .Select(c => new TierMove(c.Scored.Card, current.GetValueOrDefault(c.Scored.Card.LeadId)?.Tier, scoreIds[c.Scored.Card.LeadId]))
            .Where(c => c.From != c.Card.Tier?.Tier)
            .ToList();
        AddToOutbox(changes, now, transaction);
        var moved = changes.Select(c => (c.Card, c.ScoreId)).ToList();
        // Routed first: a business-hours SLA counts the hours of whoever routing gave the lead.
        var routed = router is null ? 0 : _db.Routing.Route(router, moved, now, transaction);
        var tasks = _db.Sla.FollowTierChanges(moved, transaction, router);
        var lifecycle = followUp is { Lifecycle: true }
            ? _db.Lifecycle.Follow([.. batch.Select(s => s.Card.LeadId)],
                [.. appended.Select(c => c.Scored.Card).Select(card => new Lifecycle.FollowedScore(card.LeadId, scoreIds[card.LeadId], card.AsOf,
                    card.Tier?.Tier, card.Tier?.Mql ?? false, card.Tier?.Sql ?? false))],
                current.Keys.ToHashSet(StringComparer.Ordinal), transaction)
            : null;
        var accounts = followUp?.AccountKeys is { } keys ? _db.Accounts.MarkBatch(keys, transaction) : 0;
        return new ScoreSaveResult(batch.Count, appended.Count, changes.Count, tasks) { Routed = routed, Lifecycle = lifecycle, AccountsMarked = accounts };
    }

    /// <summary>False stores every card whole, as before compact cards (tests of databases made then).</summary>
    internal bool WriteCompact { get; set; } = true;

    /// <summary>
    /// What each card's column will hold: compact where its rules hash has a template that
    /// rebuilds it exactly, else its whole JSON (written only then). On this thread: a
    /// Parallel.For here waited for pool threads busy scoring the next page (Rescorer), and the
    /// rescore took twice as long.
    /// </summary>
    private void Encode(List<CardToStore> cards, CardTemplate? template, DbTransaction transaction)
    {
        var templates = new Dictionary<string, StoredTemplate?>(StringComparer.Ordinal);
        foreach (var card in cards)
        {
            var rules = card.Scored.Card.Rules;
            if (!templates.TryGetValue(rules.Hash, out var stored))
            {
                stored = WriteCompact ? _db.Cards.ForWriting(rules, template, transaction) : null;
                templates[rules.Hash] = stored;
            }

            card.Stored = card.Scored.Prepared is { } prepared && prepared.TemplateId == stored?.Id
                ? prepared.Stored
                : stored?.Template.Encode(card.Scored.Card, stored.Id) ?? ScoreCardJson.Serialize(card.Scored.Card);
        }
    }

    /// <summary>
    /// Rewrites the cards stored whole under <paramref name="template"/>'s rules hash (history rows
    /// and newer current cards, e.g. from before compact cards) in their compact form, batch by
    /// batch, each batch in its own transaction; a card its template cannot rebuild exactly stays
    /// whole. Resumable: a stopped run leaves whole batches done, and running again does the rest.
    /// </summary>
    /// <returns>How many cards were made compact and how many stay whole.</returns>
    /// <exception cref="StorageException">The database cannot be written; the batch in flight stays whole.</exception>
    public (long Compacted, long KeptWhole) CompactStoredCards(CardTemplate template, int batchSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var history = CompactTable(template, "scores", "id", 0L, "rules_id IN (SELECT id FROM rule_versions WHERE rules_hash = @Hash)", batchSize);
        var current = CompactTable(template, "scores_current", "lead_id", "", "rules_hash = @Hash", batchSize);
        return (history.Compacted + current.Compacted, history.KeptWhole + current.KeptWhole);
    }

    private (long Compacted, long KeptWhole) CompactTable<TKey>(CardTemplate template, string table, string key, TKey start, string ofRules, int batchSize)
        where TKey : notnull
    {
        long compacted = 0, kept = 0;
        var after = start;
        while (true)
        {
            // Cards kept whole still match: the cursor, not the filter, moves the loop on.
            var rows = _db.Connection.Query<(TKey Key, string Card)>($"""
                SELECT {key}, card FROM {table}
                WHERE {ofRules} AND card LIKE '{"{"}%' AND {key} > @After
                ORDER BY {key} LIMIT @Limit
                """, new { template.Rules.Hash, After = after, Limit = batchSize }).ToList();
            if (rows.Count == 0)
            {
                return (compacted, kept);
            }

            try
            {
                using var transaction = _db.Connection.BeginTransaction();
                var stored = _db.Cards.ForWriting(template.Rules, template, transaction);
                var update = TableRows.Update(_db.Dialect, table, key, ["card"]);
                foreach (var (rowKey, card) in rows)
                {
                    if (stored?.Template.Encode(ScoreCardJson.Parse(card), stored.Id) is { } compact)
                    {
                        update.Add(compact, rowKey);
                        compacted++;
                    }
                    else
                    {
                        kept++;
                    }
                }

                update.Complete(_db.Connection, transaction);
                transaction.Commit();
            }
            catch (DbException ex)
            {
                throw StoreFailure.Wrap(_db.Path, ex, "this batch of cards was rolled back (its cards stay whole and read as before); running again carries on");
            }

            after = rows[^1].Key;
        }
    }

    /// <summary>Records each rule set of the batch once; returns its rule_versions id (what a history row names), by version and hash.</summary>
    private Dictionary<(string Version, string Hash), long> RecordRuleVersions(IReadOnlyList<ScoredLead> batch, DateTimeOffset now, DbTransaction transaction)
    {
        var versions = TableRows.Insert(_db.Dialect, "rule_versions", ["rules_version", "rules_hash", "rules_name", "first_seen_at"], "ON CONFLICT DO NOTHING");
        var distinct = batch.Select(s => s.Card.Rules).DistinctBy(r => (r.Version, r.Hash)).ToList();
        foreach (var rules in distinct)
        {
            versions.Add(rules.Version, rules.Hash, rules.Name, now);
        }

        versions.Complete(_db.Connection, transaction);
        return distinct.ToDictionary(r => (r.Version, r.Hash), r => _db.Connection.ExecuteScalar<long>(
            "SELECT id FROM rule_versions WHERE rules_version = @Version AND rules_hash = @Hash", new { r.Version, r.Hash }, transaction));
    }

    /// <summary>The batch's leads' current rows, by lead; a lead never scored has none.</summary>
    private Dictionary<string, CurrentRow> CurrentRows(IReadOnlyList<ScoredLead> batch, DbTransaction transaction)
    {
        var sql = $"""
            SELECT lead_id AS LeadId, score_id AS ScoreId, tier AS Tier, card_sha AS CardSha
            FROM scores_current WHERE {_db.Dialect.In("lead_id", "@Ids")}
            """;
        var ids = _db.Dialect.List(batch.Select(s => s.Card.LeadId));
        // On SQLite, read on its statement directly: once per batch of every rescore (Dapper's mapping cost more than SQLite's read).
        var rows = new Dictionary<string, CurrentRow>(batch.Count, StringComparer.Ordinal);
        if (SqliteQuery.TryEach(_db.Connection, sql, ids, row =>
            {
                var current = new CurrentRow { LeadId = SqliteQuery.Text(row, 0) ?? "", ScoreId = row.Int64(1), Tier = SqliteQuery.Text(row, 2), CardSha = SqliteQuery.Text(row, 3) ?? "" };
                rows.Add(current.LeadId, current);
            }))
        {
            return rows;
        }

        return _db.Connection.Query<CurrentRow>(sql, new { Ids = ids }, transaction).ToDictionary(c => c.LeadId, StringComparer.Ordinal);
    }

    /// <summary>Appends the changed cards to the history; returns each one's history row id, by lead.</summary>
    private Dictionary<string, long> AppendHistory(List<CardToStore> appended, Dictionary<string, CurrentRow> current,
        Dictionary<(string Version, string Hash), long> rulesIds, DateTimeOffset now, DbTransaction transaction)
    {
        var insert = TableRows.Insert(_db.Dialect, "scores", [
            "lead_id", "as_of", "scored_at", "rules_id", "motion",
            "fit_raw", "fit_score", "intent_raw", "intent_score", "behavior_raw", "behavior_score",
            "composite", "tier", "tier_rule", "previous_tier", "disqualified", "follow_up_by", "next_change_at", "card", "is_mql", "is_sql"],
            returningId: true);
        foreach (var c in appended)
        {
            var (scored, json) = (c.Scored, c.Stored);
            var card = scored.Card;
            insert.Add(card.LeadId, card.AsOf, now, rulesIds[(card.Rules.Version, card.Rules.Hash)], card.Motion,
                card.Fit.Raw, card.Fit.Score, card.Intent.Raw, card.Intent.Score, card.Behavior.Raw, card.Behavior.Score,
                card.Composite, card.Tier?.Tier, card.Tier?.Rule, current.GetValueOrDefault(card.LeadId)?.Tier, card.Disqualified,
                card.Tier?.FollowUpBy, card.NextChangeAt, json, card.Tier?.Mql ?? false, card.Tier?.Sql ?? false);
        }

        var ids = insert.Complete(_db.Connection, transaction);
        var scoreIds = new Dictionary<string, long>(appended.Count, StringComparer.Ordinal);
        for (var i = 0; i < appended.Count; i++)
        {
            scoreIds[appended[i].Scored.Card.LeadId] = ids[i];
        }

        return scoreIds;
    }

    /// <summary>Points the current score of each lead with a changed card at its new history row.</summary>
    private void MoveCurrent(List<CardToStore> appended, Dictionary<string, long> scoreIds, DateTimeOffset now, DbTransaction transaction)
    {
        // The account classification goes with the card it was made from, or is cleared with it.
        var keepsContacts = _db.KeepsContacts;
        string[] columns = ["lead_id", "score_id", "as_of", "rules_hash", "composite", "tier", "disqualified", "next_change_at", "signal_seq", "card_sha", "card", "updated_at"];
        var upsert = TableRows.Insert(_db.Dialect, "scores_current", keepsContacts ? [.. columns, "contact"] : columns, $"""
            ON CONFLICT (lead_id) DO UPDATE SET
                score_id = excluded.score_id, as_of = excluded.as_of, rules_hash = excluded.rules_hash,
                composite = excluded.composite, disqualified = excluded.disqualified, signal_seq = excluded.signal_seq,
                card_sha = excluded.card_sha, card = excluded.card, updated_at = excluded.updated_at{(IndexedApart ? "" : ",\n    tier = excluded.tier, next_change_at = excluded.next_change_at")}{(keepsContacts ? ", contact = excluded.contact" : "")}
            """);
        var indexed = IndexedApart ? IndexedCurrentColumns() : null;
        foreach (var (scored, sha) in appended)
        {
            // The history row just written is the current card: no second copy until the clock moves on.
            var card = scored.Card;
            object?[] row = [card.LeadId, scoreIds[card.LeadId], card.AsOf, card.Rules.Hash, card.Composite, card.Tier?.Tier, card.Disqualified,
                scored.DueAt, scored.SignalSeq, sha, null, now];
            upsert.Add(keepsContacts ? [.. row, scored.Contact] : row);
            indexed?.Add(card.Tier?.Tier, scored.DueAt, card.LeadId);
        }

        upsert.Complete(_db.Connection, transaction);
        indexed?.Complete(_db.Connection, transaction);
    }

    /// <summary>
    /// Whether the indexed columns of scores_current (the tier, the due time) are set apart from
    /// the rest, and only where they move. On SQLite: it moves a row's index entries whenever an
    /// UPDATE sets an indexed column, to the same value too, and a new rule version of weights keeps
    /// nearly every lead's due time. Not on PostgreSQL: an update writes a new row version whatever
    /// it sets, and an unchanged index key keeps it a heap-only update, so they go with the row's
    /// other columns; apart, they cost one more statement per lead (200,000 single-row UPDATEs in a
    /// rule change of 200,000 leads, measured with pg_stat_statements).
    /// </summary>
    private bool IndexedApart => _db.Kind == StoreKind.Sqlite;

    private TableRows IndexedCurrentColumns() => TableRows.Update(_db.Dialect, "scores_current", "lead_id", ["tier", "next_change_at"], onlyWhereChanged: true);

    /// <summary>A rescore with the same score keeps its history row and refreshes the current card (today's ages, next change).</summary>
    private void RefreshCurrent(List<CardToStore> unchanged, DateTimeOffset now, DbTransaction transaction)
    {
        List<string> columns = ["as_of", "card", "signal_seq", "updated_at"];
        if (!IndexedApart)
        {
            columns.AddRange(["tier", "next_change_at"]);
        }

        if (_db.KeepsContacts)
        {
            // Classified at the new as-of (engaged is about recent signals), or cleared.
            columns.Add("contact");
        }

        var refresh = TableRows.Update(_db.Dialect, "scores_current", "lead_id", [.. columns]);
        var indexed = IndexedApart ? IndexedCurrentColumns() : null;
        foreach (var c in unchanged)
        {
            var scored = c.Scored;
            // The row keeps this array (TableRows.Add): one per lead, filled in the columns' order, the key last.
            var values = new object?[columns.Count + 1];
            var n = 0;
            values[n++] = scored.Card.AsOf;
            values[n++] = c.Stored;
            values[n++] = scored.SignalSeq;
            values[n++] = now;
            if (indexed is null)
            {
                values[n++] = scored.Card.Tier?.Tier;
                values[n++] = scored.DueAt;
            }

            if (_db.KeepsContacts)
            {
                values[n++] = scored.Contact;
            }

            values[n] = scored.Card.LeadId;
            refresh.Add(values);
            indexed?.Add(scored.Card.Tier?.Tier, scored.DueAt, scored.Card.LeadId);
        }

        refresh.Complete(_db.Connection, transaction);
        indexed?.Complete(_db.Connection, transaction);
    }

    /// <summary>One outbox row per tier change, in the order of the changes: the ids are the readers' cursor.</summary>
    private void AddToOutbox(List<TierMove> changes, DateTimeOffset now, DbTransaction transaction)
    {
        var outbox = TableRows.Insert(_db.Dialect, "score_changes",
            ["lead_id", "score_id", "as_of", "from_tier", "to_tier", "composite", "rules_version", "rules_hash", "created_at"]);
        foreach (var c in changes)
        {
            outbox.Add(c.Card.LeadId, c.ScoreId, c.Card.AsOf, c.From, c.Card.Tier?.Tier, c.Card.Composite, c.Card.Rules.Version, c.Card.Rules.Hash, now);
        }

        outbox.Complete(_db.Connection, transaction);
    }

    public long CountScored() => _db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores_current");

    /// <summary>How many leads each tier holds now, by tier name (null: no tier) in order.</summary>
    public IReadOnlyList<(string? Tier, long Count)> CountByTier() =>
        _db.Connection.Query<(string? Tier, long Count)>("SELECT tier, COUNT(*) FROM scores_current GROUP BY tier ORDER BY tier").ToArray();

    /// <summary>The lead with the highest composite score now (the first by id among equals), or null when none is scored.</summary>
    public string? HighestScoredLead() =>
        _db.Connection.ExecuteScalar<string?>("SELECT lead_id FROM scores_current ORDER BY composite DESC, lead_id LIMIT 1");

    /// <summary>
    /// The current cards of these leads that a change of weights alone can carry to
    /// <paramref name="asOf"/> without their signals (<see cref="LeadScorer.Reweigh"/>): those due
    /// after it (no decay boundary, window end, dated signal or attribute change in between), stored
    /// compact with a template of <paramref name="evidenceSignature"/>. A lead with a signal its
    /// card has not seen is the signal step's to score again.
    /// </summary>
    /// <param name="evidenceSignature">The new rules' <see cref="CardTemplate.EvidenceSignature"/>: cards of other templates are not even decoded.</param>
    /// <param name="claim">The worker's claim on these leads, whose transaction the read joins.</param>
    public IReadOnlyList<CarriedCard> CurrentBeforeNextChange(IReadOnlyCollection<string> leadIds, DateTimeOffset asOf, string evidenceSignature,
        Worker.LeadClaim? claim = null)
    {
        ArgumentNullException.ThrowIfNull(leadIds);
        ArgumentNullException.ThrowIfNull(evidenceSignature);
        if (leadIds.Count == 0)
        {
            return [];
        }

        var carried = new List<CarriedCard>(leadIds.Count);
        // The current row keeps a card of its own only once a rescore refreshed it; else it is its history row's.
        foreach (var row in _db.Connection.Query<(string Card, long SignalSeq, DateTimeOffset? DueAt)>($"""
            SELECT COALESCE(c.card, s.card), c.signal_seq, c.next_change_at FROM scores_current c JOIN scores s ON s.id = c.score_id
            WHERE {_db.Dialect.In("c.lead_id", "@Ids")} AND (c.next_change_at IS NULL OR c.next_change_at > @AsOf) ORDER BY c.lead_id
            """, new { Ids = _db.Dialect.List(leadIds), AsOf = asOf }, claim?.OpenTransaction))
        {
            if (!CardTemplate.IsCompact(row.Card) || TryRead(row.Card, evidenceSignature) is not var (card, template))
            {
                continue;
            }

            // The column is the earlier of the card's next change and its first dated signal (ScoredLead.DueAt).
            var pending = row.DueAt is { } due && (card.NextChangeAt is not { } next || due < next) ? row.DueAt : null;
            carried.Add(new CarriedCard(card, template, row.SignalSeq, pending));
        }

        return carried;
    }

    /// <summary>
    /// A compact card and its template when the template has <paramref name="evidenceSignature"/>;
    /// null otherwise, and for a card that does not read (edited by hand, a template gone): the
    /// lead is then scored from its signals, which replaces the card, rather than stopping the tick.
    /// </summary>
    private (ScoreCard Card, CardTemplate Template)? TryRead(string compact, string evidenceSignature)
    {
        try
        {
            var template = _db.Cards.TemplateOf(compact);
            return template.EvidenceSignature == evidenceSignature ? (template.Decode(compact), template) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether any card stored under another rule set than <paramref name="rulesHash"/> can be
    /// carried by a change of weights only (its template has <paramref name="evidenceSignature"/>):
    /// when none can, a new rule version scores every lead from its signals, and no card is read for it.
    /// </summary>
    public bool AnyCardsToReweigh(string rulesHash, string evidenceSignature) => _db.Cards.AnyOtherWithEvidence(rulesHash, evidenceSignature);

    /// <summary>
    /// The lead's current score, or null when it has never been scored: the history row at which
    /// the score last changed, with the card of the latest rescore (same points, today's ages).
    /// </summary>
    public StoredScore? Current(string leadId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leadId);
        return _db.Connection.Query<ScoreRow>($"{SelectCurrent} WHERE c.lead_id = @LeadId", new { LeadId = leadId })
            .Select(r => r.ToStored(_db.Cards))
            .SingleOrDefault();
    }

    /// <summary>The current score of every lead whose tier now is one of <paramref name="tiers"/>, highest composite first.</summary>
    public IReadOnlyList<StoredScore> CurrentInTiers(IReadOnlyCollection<string> tiers)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        if (tiers.Count == 0)
        {
            return [];
        }

        return _db.Connection.Query<ScoreRow>($"{SelectCurrent} WHERE {_db.Dialect.In("c.tier", "@Tiers")} ORDER BY s.composite DESC, c.lead_id",
                new { Tiers = _db.Dialect.List(tiers) })
            .Select(r => r.ToStored(_db.Cards))
            .ToArray();
    }

    /// <summary>
    /// What makes two cards the same score: rules, motion, points per dimension, composite, tier,
    /// and each reason's code, points and evidence count. Not the as-of time, the evidence ages,
    /// the reason texts (they say "3 days ago") or the follow-up time, which move with the clock.
    /// </summary>
    // Numbers by value, not by decimal scale: 10 and 10.0 are the same score.
    private const string Exact = "0.############";

    /// <summary>
    /// <paramref name="value"/> as <see cref="Exact"/> formats it. A custom format is parsed on
    /// every call (1.6 % of a 1M-lead rescore's CPU, ~35 numbers a card): a nonzero value with at
    /// most 12 decimals once its trailing zeros are dropped prints the same digits in the general
    /// format; anything else (zero, more decimals to round) still goes through <see cref="Exact"/>.
    /// </summary>
    internal static StringBuilder AppendExact(StringBuilder text, decimal value)
    {
        var plain = PlainDecimal.Of(value);
        Span<char> digits = stackalloc char[40];
        return plain.Scale <= 12 && plain != 0 && plain.TryFormat(digits, out var length, default, CultureInfo.InvariantCulture)
            ? text.Append(digits[..length])
            : text.Append(value.ToString(Exact, CultureInfo.InvariantCulture));
    }

    internal static string ScoreFingerprint(ScoreCard card)
    {
        // Built in this thread's builder and hashed from a pooled buffer: the scoring threads
        // fingerprint every card of a rescore (the text and the hash are as they always were).
        var text = t_fingerprintText ??= new StringBuilder(512);
        text.Clear();
        text.Append(card.Rules.Hash).Append('|').Append(card.Motion).Append('|');
        AppendExact(text, card.Composite).Append('|').Append(card.Tier?.Rule).Append('|').Append(card.Disqualified);
        foreach (var d in card.Dimensions)
        {
            AppendExact(text.Append('|').Append(d.Name).Append('='), d.Raw);
        }

        // By code (the card keeps them by impact): a stable insertion sort, as OrderBy was, of a few reasons.
        var byCode = card.Reasons.ToArray();
        for (var i = 1; i < byCode.Length; i++)
        {
            var reason = byCode[i];
            var j = i - 1;
            for (; j >= 0 && string.CompareOrdinal(byCode[j].Code, reason.Code) > 0; j--)
            {
                byCode[j + 1] = byCode[j];
            }

            byCode[j + 1] = reason;
        }

        foreach (var r in byCode)
        {
            AppendExact(text.Append('|').Append(r.Code).Append('='), r.Points).Append('x').Append(r.EvidenceCount);
        }

        foreach (var e in card.Errors)
        {
            text.Append("|!").Append(e);
        }

        var chars = text.Length;
        var rented = System.Buffers.ArrayPool<char>.Shared.Rent(chars);
        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(chars));
        try
        {
            text.CopyTo(0, rented, 0, chars);
            var length = Encoding.UTF8.GetBytes(rented, 0, chars, bytes, 0);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes.AsSpan(0, length), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(rented);
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    [ThreadStatic]
    private static StringBuilder? t_fingerprintText;

    /// <summary>
    /// The highest history row id below which every row is committed (with several workers on
    /// PostgreSQL, ids are handed out before commit): an export that stops there never skips a
    /// row that commits later with a lower id.
    /// </summary>
    public long SettledHistoryPosition() => _db.Dialect.SettledPosition(_db.Connection, AppendLog.Scores);

    /// <summary>
    /// Every lead's current score whose history row is after <paramref name="afterScoreId"/> and at
    /// most <paramref name="upToScoreId"/> (its score changed since), with the lead's attributes, in
    /// history order: what an incremental export to the CRM sends. Streamed: a million leads are
    /// never held at once.
    /// </summary>
    public IEnumerable<(StoredScore Score, IReadOnlyDictionary<string, string> Attributes, Core.Export.CrmRoute? Route)> CurrentChanged(long afterScoreId, long upToScoreId)
    {
        foreach (var row in _db.Connection.Query<ScoreWithAttributesRow>($"""
            SELECT {ScoreColumns}, COALESCE(c.card, s.card) AS Card, l.attributes AS Attributes,
                   r.queue AS RouteQueue, r.owner AS RouteOwner, r.status AS RouteStatus, r.play AS RoutePlay
            FROM scores_current c JOIN scores s ON s.id = c.score_id JOIN leads l ON l.lead_id = c.lead_id
            LEFT JOIN lead_routes r ON r.lead_id = c.lead_id
            WHERE c.score_id > @After AND c.score_id <= @UpTo ORDER BY c.score_id
            """, new { After = afterScoreId, UpTo = upToScoreId }, buffered: false))
        {
            yield return (row.ToStored(_db.Cards), Leads.AttributesJson.Read(row.Attributes), row.Route());
        }
    }

    /// <summary>Every stored score of the lead, oldest first.</summary>
    public IReadOnlyList<StoredScore> History(string leadId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leadId);
        return _db.Connection.Query<ScoreRow>($"{SelectScores} WHERE s.lead_id = @LeadId ORDER BY s.id", new { LeadId = leadId })
            .Select(r => r.ToStored(_db.Cards))
            .ToArray();
    }

    /// <summary>
    /// Each scored lead's latest history card, streamed in one query: the last row written or, with
    /// <paramref name="before"/>, the latest as of before that time (leads with none are left out).
    /// What a per-lead <see cref="History"/> loop read, without a query and every old card per lead.
    /// </summary>
    public IEnumerable<Core.Scoring.ScoreCard> LatestCards(DateTimeOffset? before = null)
    {
        var (where, order) = before is null ? ("", "s.id DESC") : ("AND s.as_of < @Before", "s.as_of DESC, s.id DESC");
        var rows = _db.Connection.Query<string>($"""
            SELECT card FROM (
                SELECT s.card, ROW_NUMBER() OVER (PARTITION BY s.lead_id ORDER BY {order}) AS rn
                FROM scores s
                WHERE s.lead_id IN (SELECT lead_id FROM scores_current) {where}) latest
            WHERE rn = 1
            """, new { Before = before }, buffered: false);
        foreach (var card in rows)
        {
            yield return _db.Cards.Read(card);
        }
    }

    /// <summary>Outbox rows (tier changes and SLA breaches) after <paramref name="afterId"/>, oldest first.</summary>
    public IReadOnlyList<TierChange> ChangesAfter(long afterId, int limit = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        // Only settled rows: on PostgreSQL a row can commit after one with a higher id, and a reader
        // that moved past it would never see it.
        var settled = _db.Dialect.SettledPosition(_db.Connection, AppendLog.ScoreChanges);
        return _db.Connection.Query<TierChangeRow>("""
            SELECT id AS Id, lead_id AS LeadId, score_id AS ScoreId, as_of AS AsOf, from_tier AS FromTier, to_tier AS ToTier,
                   composite AS Composite, rules_version AS RulesVersion, rules_hash AS RulesHash, created_at AS CreatedAt,
                   kind AS Kind, sla_task_id AS SlaTaskId, route_step_id AS RouteStepId
            FROM score_changes WHERE id > @AfterId AND id <= @Settled ORDER BY id LIMIT @Limit
            """, new { AfterId = afterId, Settled = settled, Limit = limit })
            .Select(r => new TierChange(r.Id, r.LeadId, r.ScoreId, r.AsOf, r.FromTier, r.ToTier, r.Composite, r.RulesVersion, r.RulesHash, r.CreatedAt, r.Kind, r.SlaTaskId) { RouteStepId = r.RouteStepId })
            .ToArray();
    }

    /// <summary>Scored leads whose score changes by <paramref name="asOf"/> without any new signal (decay, windows, dated signals).</summary>
    public IReadOnlyList<string> DueLeads(DateTimeOffset asOf, int limit = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return _db.Connection.Query<string>(
            "SELECT lead_id FROM scores_current WHERE next_change_at <= @AsOf ORDER BY next_change_at, lead_id LIMIT @Limit",
            new { AsOf = asOf, Limit = limit }).ToArray();
    }

    private const string ScoreColumns = """
        s.id AS Id, s.scored_at AS ScoredAt, s.previous_tier AS PreviousTier,
        s.fit_raw AS FitRaw, s.fit_score AS FitScore, s.intent_raw AS IntentRaw, s.intent_score AS IntentScore,
        s.behavior_raw AS BehaviorRaw, s.behavior_score AS BehaviorScore, s.composite AS Composite, s.tier AS Tier,
        s.next_change_at AS NextChangeAt
        """;

    private const string SelectScores = $"""
        SELECT {ScoreColumns}, s.card AS Card
        FROM scores s
        """;

    // Current: the history row where the score last changed, with the latest rescore's card when there is one.
    private const string SelectCurrent = $"""
        SELECT {ScoreColumns}, COALESCE(c.card, s.card) AS Card
        FROM scores s JOIN scores_current c ON c.score_id = s.id
        """;

    /// <summary>A card on its way to the store; <see cref="Stored"/> is what its card column holds (see <see cref="Encode"/>).</summary>
    private sealed record CardToStore(ScoredLead Scored, string Sha)
    {
        public string Stored { get; set; } = "";
    }

    /// <summary>A lead whose tier changed (or that got its first tier) with this card, written as history row <paramref name="ScoreId"/>.</summary>
    private sealed record TierMove(ScoreCard Card, string? From, long ScoreId);

    private sealed class CurrentRow
    {
        public string LeadId { get; set; } = "";
        public long ScoreId { get; set; }
        public string? Tier { get; set; }
        public string CardSha { get; set; } = "";
    }

    private sealed class ScoreWithAttributesRow : ScoreRow
    {
        public string Attributes { get; set; } = "{}";
        public string? RouteQueue { get; set; }
        public string? RouteOwner { get; set; }
        public string? RouteStatus { get; set; }
        public string? RoutePlay { get; set; }

        public Core.Export.CrmRoute? Route()
        {
            if (RouteQueue is null)
            {
                return null;
            }

            var play = Routing.PlayJson.Parts(RoutePlay);
            return new Core.Export.CrmRoute(RouteQueue, RouteOwner, RouteStatus ?? "", play.Name, play.TalkTrack, play.Sequence);
        }
    }

    private class ScoreRow
    {
        public long Id { get; set; }
        public DateTimeOffset ScoredAt { get; set; }
        public string? PreviousTier { get; set; }
        public decimal FitRaw { get; set; }
        public decimal FitScore { get; set; }
        public decimal IntentRaw { get; set; }
        public decimal IntentScore { get; set; }
        public decimal BehaviorRaw { get; set; }
        public decimal BehaviorScore { get; set; }
        public decimal Composite { get; set; }
        public string? Tier { get; set; }
        public DateTimeOffset? NextChangeAt { get; set; }
        public string Card { get; set; } = "";

        public StoredScore ToStored(StoredCards cards) => new(Id, cards.Read(Card), ScoredAt, PreviousTier,
            FitRaw, FitScore, IntentRaw, IntentScore, BehaviorRaw, BehaviorScore, Composite, Tier, NextChangeAt);
    }

    private sealed class TierChangeRow
    {
        public long Id { get; set; }
        public string LeadId { get; set; } = "";
        public long ScoreId { get; set; }
        public DateTimeOffset AsOf { get; set; }
        public string? FromTier { get; set; }
        public string? ToTier { get; set; }
        public decimal Composite { get; set; }
        public string RulesVersion { get; set; } = "";
        public string RulesHash { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public string Kind { get; set; } = TierChange.TierChanged;
        public long? SlaTaskId { get; set; }
        public long? RouteStepId { get; set; }
    }
}
