using System.Data.Common;
using Dapper;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Leads;
// A member of an account as the roll-up reads it: its current row's as-of and card fingerprint, and its kept classification with the rules it was made under (nulls when none).
using Member = (string LeadId, string AccountKey, string? AsOf, string? CardSha, string? RulesHash, string? Contact);

namespace RuleScoring.Storage.Accounts;

/// <summary>
/// Accounts: which account each lead rolls up to, and account cards stored like lead cards
/// (append-only history when a card changes, plus the current card per account).
/// </summary>
public sealed class AccountStore
{
    // A list travels as one parameter (SqlDialect.In), however many ids a chunk has.
    private const int Chunk = 2000;
    private readonly ScoreDatabase _db;

    internal AccountStore(ScoreDatabase db) => _db = db;

    /// <summary>
    /// Re-maps the given leads (null: every lead) to their accounts and rescores every account
    /// that gained or lost one of them, from its contacts' current cards. Leads never scored are
    /// left out of their account until they are.
    /// </summary>
    /// <param name="fresh">
    /// Contacts classified when their cards were stored (the rescore's batches, the worker's tick):
    /// taken as they are while those cards are current; every other member is read and classified.
    /// </param>
    public AccountRescoreResult Rescore(AccountScorer scorer, DateTimeOffset asOf, IReadOnlyCollection<string>? leadIds = null, FreshContacts? fresh = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        if (fresh is not null && fresh.Scorer != scorer)
        {
            throw new ArgumentException("the fresh contacts were classified by another account scorer", nameof(fresh));
        }

        var started = _db.Time.GetTimestamp();
        var totals = new RollUpTotals();
        // After a whole rescore that nothing else wrote beside, every lead's account and contact is as it placed them.
        var asStored = fresh is not null && fresh.AllAsStored(_db);
        var affected = leadIds is null ? MapAll(scorer, asStored ? fresh : null, totals) : Map(scorer, leadIds);
        fresh?.Renew(_db, asStored && totals.Placed > 0);
        // Each chunk's accounts are scored and encoded on another thread while this one stores the
        // chunk before (a chunk ahead at most): at 1M leads scoring and encoding took 6 of the
        // roll-up's 19 s, the statements and commits 10.
        Task<Scored>? pending = null;
        var wasAsStored = false;
        try
        {
            foreach (var chunk in affected.Order(StringComparer.Ordinal).Chunk(Chunk / 4))
            {
                // Read before the transaction: on SQLite it takes the one write lock, which the API's writes wait for.
                asStored = fresh is not null && fresh.AllAsStored(_db);
                var members = ReadMembers(scorer, chunk, fresh, null, totals, asStored);
                var next = Task.Run(() => Score(scorer, asOf, members));
                if (pending is not null)
                {
                    StoreCommitted(pending.GetAwaiter().GetResult(), totals, fresh, wasAsStored);
                }

                (pending, wasAsStored) = (next, members.AsStored);
            }

            if (pending is not null)
            {
                var last = pending;
                pending = null;
                StoreCommitted(last.GetAwaiter().GetResult(), totals, fresh, wasAsStored);
            }
        }
        finally
        {
            // A failed store leaves the chunk ahead to finish on its own; nothing waits on it.
            pending?.ContinueWith(static t => t.Exception, TaskScheduler.Default);
        }

        return totals.Result(_db.Time.GetElapsedTime(started));
    }

    /// <summary>
    /// In a batch's transaction (<see cref="Scores.BatchFollowUp.AccountKeys"/>): moves the batch's
    /// leads to the accounts their attributes name and marks every account that has or had one of
    /// them for the roll-up (<see cref="Drain"/>). Marks, not rolls up: an account's members are
    /// spread over many batches, and rolling it up in each would store a card per batch.
    /// </summary>
    /// <returns>The accounts marked.</returns>
    internal int MarkBatch(IReadOnlyDictionary<string, string?> keys, DbTransaction transaction)
    {
        if (keys.Count == 0)
        {
            return 0;
        }

        var connection = _db.Connection;
        var before = connection.Query<(string LeadId, string Key)>(
                $"SELECT lead_id, account_key FROM lead_accounts WHERE {_db.Dialect.In("lead_id", "@Ids")}", new { Ids = _db.Dialect.List(keys.Keys) }, transaction)
            .ToDictionary(r => r.LeadId, r => r.Key, StringComparer.Ordinal);
        var moved = keys.Where(k => before.GetValueOrDefault(k.Key) != k.Value).Select(k => k.Key).ToList();
        if (moved.Count > 0)
        {
            connection.Execute($"DELETE FROM lead_accounts WHERE {_db.Dialect.In("lead_id", "@Ids")}", new { Ids = _db.Dialect.List(moved) }, transaction);
            WriteMapping([.. moved.Select(id => (id, keys[id]))], transaction);
        }

        var marked = before.Values.Concat(keys.Values.OfType<string>()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        _db.Dialect.HoldAccountsShared(connection, transaction, marked);
        var now = _db.Time.GetUtcNow();
        var insert = TableRows.Insert(_db.Dialect, "account_dirty", ["account_key", "marked_at"]);
        foreach (var key in marked)
        {
            insert.Add(key, now);
        }

        insert.Complete(connection, transaction);
        return marked.Count;
    }

    /// <summary>
    /// Rolls up the accounts batches marked (<see cref="MarkBatch"/>), a chunk per transaction. Several
    /// workers can drain at once: each takes the accounts no other roll-up and no uncommitted batch
    /// holds and passes over the rest (a batch still holding one marks it again when it commits; the
    /// roll-up holding one clears every mark it has, for none can be added meanwhile). A worker that
    /// dies mid-chunk rolls back; its marks stay for the next drain.
    /// </summary>
    /// <param name="fresh">Contacts classified when their cards were stored, as for <see cref="Rescore"/>.</param>
    public AccountRescoreResult Drain(AccountScorer scorer, DateTimeOffset asOf, FreshContacts? fresh = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        var started = _db.Time.GetTimestamp();
        var totals = new RollUpTotals();
        var after = "";
        while (!cancellationToken.IsCancellationRequested)
        {
            var keys = _db.Connection.Query<string>(
                "SELECT DISTINCT account_key FROM account_dirty WHERE account_key > @After ORDER BY account_key LIMIT @Limit",
                new { After = after, Limit = Chunk / 4 }).ToList();
            if (keys.Count == 0)
            {
                break;
            }

            after = keys[^1];
            // PostgreSQL reads the members in the transaction that holds their accounts. SQLite has no
            // other worker to hold them from, and its transaction takes the one write lock (which the
            // API's writes wait for), so it reads first.
            var holdFirst = _db.Kind == StoreKind.Postgres;
            var transaction = holdFirst ? _db.Connection.BeginTransaction() : null;
            try
            {
                var held = transaction is null ? keys : _db.Dialect.TryHoldAccounts(_db.Connection, transaction, keys);
                var scored = held.Count > 0 ? Score(scorer, asOf, ReadMembers(scorer, held, fresh, transaction, totals, asStored: false)) : Scored.None;
                transaction ??= _db.Connection.BeginTransaction();
                Store(scored, transaction, totals);
                if (held.Count > 0)
                {
                    _db.Connection.Execute($"DELETE FROM account_dirty WHERE {_db.Dialect.In("account_key", "@Keys")}", new { Keys = _db.Dialect.List(held) }, transaction);
                }

                transaction.Commit();
                totals.Passed += keys.Count - held.Count;
            }
            finally
            {
                transaction?.Dispose();
            }
        }

        return totals.Result(_db.Time.GetElapsedTime(started));
    }

    /// <summary>Accounts marked and not rolled up yet.</summary>
    public long CountMarked() => _db.Connection.ExecuteScalar<long>("SELECT COUNT(DISTINCT account_key) FROM account_dirty");

    /// <summary>The chunk's members, and their contacts from their current cards (reads only; in <paramref name="transaction"/> when given).</summary>
    /// <param name="asStored">
    /// <paramref name="fresh"/> held every lead as stored when last asked: its contacts are taken without
    /// looking each member's current card up, if it still does once the members are read.
    /// </param>
    private Members ReadMembers(AccountScorer scorer, IReadOnlyCollection<string> chunk, FreshContacts? fresh, DbTransaction? transaction,
        RollUpTotals totals, bool asStored)
    {
        var keys = new { Keys = _db.Dialect.List(chunk) };
        List<Member>? members = null;
        if (asStored)
        {
            members = Query($"SELECT lead_id, account_key, NULL, NULL, NULL, NULL FROM lead_accounts WHERE {_db.Dialect.In("account_key", "@Keys")}");
        }

        // Asked after the read: nothing was written beside since the rescore stored the cards it classified.
        asStored = members is not null && fresh!.AllAsStored(_db);
        if (!asStored)
        {
            members = Query($"""
                SELECT a.lead_id, a.account_key, c.as_of, c.card_sha, CASE WHEN c.contact IS NOT NULL THEN c.rules_hash END, c.contact
                FROM lead_accounts a LEFT JOIN scores_current c ON c.lead_id = a.lead_id
                WHERE {_db.Dialect.In("a.account_key", "@Keys")}
                """);
        }

        // On SQLite through its statement (880,000 members at 1M leads, read on the roll-up's one storing thread).
        List<Member> Query(string sql)
        {
            var rows = new List<Member>();
            return SqliteQuery.TryEach(_db.Connection, sql, "@Keys", keys.Keys,
                    row => rows.Add((SqliteQuery.Text(row, 0) ?? "", SqliteQuery.Text(row, 1) ?? "", SqliteQuery.Text(row, 2), SqliteQuery.Text(row, 3),
                        SqliteQuery.Text(row, 4), SqliteQuery.Text(row, 5))))
                ? rows
                : _db.Connection.Query<Member>(sql, keys, transaction).ToList();
        }

        var contacts = new Dictionary<string, AccountContact>(members!.Count, StringComparer.Ordinal);
        var unread = new List<string>();
        List<(string LeadId, string Contact, long AsOfTicks)>? kept = null;
        foreach (var m in members)
        {
            if (asStored ? fresh!.TryGetHeld(m.LeadId, out var contact) : fresh is not null && fresh.TryGet(m.LeadId, m.AsOf, m.CardSha, out contact))
            {
                contacts[m.LeadId] = contact;
                totals.Taken++;
            }
            else if (m.Contact is not null && m.AsOf is not null && m.RulesHash == scorer.RuleSet.Identity.Hash)
            {
                // Classified under these rules when its card was stored (another worker's batch): its card is read, not its signals.
                (kept ??= []).Add((m.LeadId, m.Contact, SqlTimestamp.Parse(m.AsOf).UtcTicks));
            }
            else if (asStored || m.CardSha is not null)
            {
                unread.Add(m.LeadId);
            }
        }

        if (kept is null && unread.Count == 0)
        {
            return new Members(members, contacts, asStored);
        }

        // The cards of both in one read. Cards first: a member never scored (asStored does not know)
        // is left out without reading its signals.
        var cards = CurrentCards([.. unread, .. kept?.Select(k => k.LeadId) ?? []], transaction);
        foreach (var (leadId, text, asOfTicks) in kept ?? [])
        {
            if (!cards.TryGetValue(leadId, out var card))
            {
                continue;
            }

            if (StoredContact.TryDecode(text, asOfTicks, card, out var contact))
            {
                contacts[leadId] = contact;
                totals.Kept++;
            }
            else
            {
                unread.Add(leadId);
            }
        }

        List<string> scored = [.. unread.Where(cards.ContainsKey)];
        foreach (var lead in scored.Count == 0 ? [] : _db.Leads.GetMany(scored, transaction))
        {
            contacts[lead.Lead.LeadId] = scorer.Contact(lead.Lead, cards[lead.Lead.LeadId]);
            totals.Read++;
        }

        return new Members(members, contacts, asStored);
    }

    /// <summary>A chunk's members (lead, account), the contacts of those with a current card, and whether they were taken as rescored.</summary>
    private sealed record Members(List<Member> Rows, Dictionary<string, AccountContact> Contacts, bool AsStored);

    /// <summary>A chunk's account cards with their JSON and fingerprints, and the errors of the first few.</summary>
    private sealed record Scored(List<(AccountCard Card, string Json, string Sha)> Cards, int WithErrors, List<string> ErrorSamples)
    {
        public static readonly Scored None = new([], 0, []);
    }

    /// <summary>The chunk's accounts scored from their members' contacts, and encoded (no database: safe on another thread).</summary>
    private static Scored Score(AccountScorer scorer, DateTimeOffset asOf, Members chunk)
    {
        var (members, contacts) = (chunk.Rows, chunk.Contacts);
        // In account order, not the order the members came back in (no ORDER BY: PostgreSQL's plan
        // decides it, and a table analysed in between changed the history rows' ids between two
        // databases holding the same accounts).
        var scored = new List<AccountCard>();
        foreach (var group in members.GroupBy(m => m.AccountKey, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var found = group.Where(m => contacts.ContainsKey(m.LeadId)).Select(m => contacts[m.LeadId]).ToList();
            if (found.Count > 0)
            {
                scored.Add(scorer.Score(group.Key, found, asOf));
            }
        }

        var withErrors = scored.Where(c => c.Errors.Count > 0).ToList();
        return new Scored([.. scored.Select(c => (c, AccountCardJson.Serialize(c), AccountCardJson.Fingerprint(c)))], withErrors.Count,
            [.. withErrors.Take(10).Select(c => $"account {c.AccountKey}: {string.Join("; ", c.Errors)}")]);
    }

    private void Store(Scored scored, DbTransaction transaction, RollUpTotals totals)
    {
        var saved = Save(scored.Cards, transaction);
        totals.Accounts += scored.Cards.Count;
        totals.History += saved.History;
        totals.Changes += saved.TierChanges;
        totals.WithErrors += scored.WithErrors;
        totals.Samples.AddRange(scored.ErrorSamples.Take(10 - totals.Samples.Count));
    }

    /// <summary>Stores a chunk in a transaction of its own, then tells <paramref name="fresh"/> what this connection wrote.</summary>
    private void StoreCommitted(Scored scored, RollUpTotals totals, FreshContacts? fresh, bool wasAsStored)
    {
        using var transaction = _db.Connection.BeginTransaction();
        Store(scored, transaction, totals);
        transaction.Commit();
        fresh?.Renew(_db, wasAsStored);
    }

    private sealed class RollUpTotals
    {
        public int Accounts;
        public int History;
        public int Changes;
        public int Read;
        public int Taken;
        public int Kept;
        public int Placed;
        public int WithErrors;
        public int Passed;
        public List<string> Samples { get; } = [];

        public AccountRescoreResult Result(TimeSpan elapsed) =>
            new(Accounts, History, Changes, elapsed) { WithErrors = WithErrors, ErrorSamples = Samples, Contacts = (Read, Taken), KeptContacts = Kept, PassedOver = Passed, PlacedAsRescored = Placed };
    }

    /// <summary>The account a lead is in, or null (free-mail, no domain, or not mapped yet).</summary>
    public string? KeyOf(string leadId) =>
        _db.Connection.ExecuteScalar<string?>("SELECT account_key FROM lead_accounts WHERE lead_id = @LeadId", new { LeadId = leadId });

    public StoredAccountScore? Current(string accountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        return _db.Connection.Query<Row>("""
                SELECT s.id AS Id, COALESCE(c.card, s.card) AS Card, s.scored_at AS ScoredAt, s.previous_tier AS PreviousTier
                FROM account_scores_current c JOIN account_scores s ON s.id = c.score_id WHERE c.account_key = @Key
                """, new { Key = accountKey.Trim().ToLowerInvariant() })
            .Select(r => r.ToStored()).SingleOrDefault();
    }

    /// <summary>The current card of the lead's account, or null when it has none.</summary>
    public StoredAccountScore? ForLead(string leadId) => KeyOf(leadId) is { } key ? Current(key) : null;

    /// <summary>Every stored card of the account, oldest first.</summary>
    public IReadOnlyList<StoredAccountScore> History(string accountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        return _db.Connection.Query<Row>("""
                SELECT id AS Id, card AS Card, scored_at AS ScoredAt, previous_tier AS PreviousTier
                FROM account_scores WHERE account_key = @Key ORDER BY id
                """, new { Key = accountKey.Trim().ToLowerInvariant() })
            .Select(r => r.ToStored()).ToList();
    }

    /// <summary>Accounts per current tier, by tier label.</summary>
    public IReadOnlyList<(string Tier, long Accounts)> CountByTier() =>
        _db.Connection.Query<(string Tier, long Accounts)>(
            "SELECT COALESCE(tier, '-') AS Tier, COUNT(*) AS Accounts FROM account_scores_current GROUP BY tier ORDER BY tier").ToList();

    /// <summary>The best-scored accounts now.</summary>
    public IReadOnlyList<StoredAccountScore> Top(int limit) =>
        _db.Connection.Query<Row>("""
                SELECT s.id AS Id, COALESCE(c.card, s.card) AS Card, s.scored_at AS ScoredAt, s.previous_tier AS PreviousTier
                FROM account_scores_current c JOIN account_scores s ON s.id = c.score_id ORDER BY c.score DESC, c.account_key LIMIT @Limit
                """, new { Limit = limit })
            .Select(r => r.ToStored()).ToList();

    /// <summary>
    /// Every lead mapped to the account its attributes name now; returns every account that has or
    /// had a member. Only the leads whose account changed are written: a rescore under new rules
    /// with the same account model rewrote every mapping row (880,000 at 1M leads) to the same values.
    /// </summary>
    /// <param name="held">
    /// A whole rescore's leads, held as stored: their accounts are taken from it (only the leads it
    /// did not read, created after its as-of time, are read), if it still holds them as stored once
    /// every lead id is read; else every lead's attributes are read.
    /// </param>
    private HashSet<string> MapAll(AccountScorer scorer, FreshContacts? held, RollUpTotals totals) =>
        (held is null ? null : TryMapAll(scorer, held, totals)) ?? TryMapAll(scorer, null, totals)!;

    /// <returns>Null when <paramref name="held"/> no longer holds the leads as stored (nothing written).</returns>
    private HashSet<string>? TryMapAll(AccountScorer scorer, FreshContacts? held, RollUpTotals totals)
    {
        var before = new Dictionary<string, string>(StringComparer.Ordinal);
        const string mapping = "SELECT lead_id, account_key FROM lead_accounts";
        if (!SqliteQuery.TryEach(_db.Connection, mapping, null, row => before[SqliteQuery.Text(row, 0) ?? ""] = SqliteQuery.Text(row, 1) ?? ""))
        {
            foreach (var (leadId, key) in _db.Connection.Query<(string, string)>(mapping, buffered: false))
            {
                before[leadId] = key;
            }
        }

        var affected = before.Values.ToHashSet(StringComparer.Ordinal);
        var moved = new List<(string LeadId, string? Key)>();
        var placed = 0;
        void Place(string leadId, string? key, bool asPlaced)
        {
            placed += asPlaced ? 1 : 0;
            if (key is not null)
            {
                affected.Add(key);
            }

            if (before.Remove(leadId, out var old) ? old != key : key is not null)
            {
                moved.Add((leadId, key));
            }
        }

        if (held is null)
        {
            foreach (var (leadId, key, asPlaced) in KeysOfEveryLead(scorer))
            {
                Place(leadId, key, asPlaced);
            }
        }
        else
        {
            PlaceAsPlaced(scorer, held, Place);
        }

        // Asked after the reads: the leads held are still as stored, so each one's account is as placed.
        if (held is not null && !held.AllAsStored(_db))
        {
            return null;
        }

        totals.Placed = placed;
        // What is left in before maps a lead no longer stored (none is expected: leads are never deleted).
        moved.AddRange(before.Keys.Select(id => (id, (string?)null)));
        using var transaction = _db.Connection.BeginTransaction();
        foreach (var chunk in moved.Chunk(Chunk))
        {
            _db.Connection.Execute($"DELETE FROM lead_accounts WHERE {_db.Dialect.In("lead_id", "@Ids")}",
                new { Ids = _db.Dialect.List(chunk.Select(m => m.LeadId)) }, transaction);
        }

        WriteMapping(moved, transaction);
        transaction.Commit();
        return affected;
    }

    /// <summary>Every lead's account, from its attributes (no signals are read).</summary>
    private IEnumerable<(string LeadId, string? Key, bool AsPlaced)> KeysOfEveryLead(AccountScorer scorer)
    {
        string? after = null;
        while (true)
        {
            var page = _db.Leads.WithoutSignals(null, after, 5000);
            if (page.Count == 0)
            {
                yield break;
            }

            foreach (var lead in page)
            {
                yield return (lead.LeadId, scorer.KeyOf(lead), false);
            }

            after = page[^1].LeadId;
        }
    }

    /// <summary>
    /// Every lead's account as a rescore placed it, streamed (a list of 1M took the first scoring of
    /// 1M leads over 1 GB), and from its attributes for each lead the rescore did not read.
    /// </summary>
    private void PlaceAsPlaced(AccountScorer scorer, FreshContacts held, Action<string, string?, bool> place)
    {
        var unread = new List<string>();
        void Lead(string leadId)
        {
            if (held.TryGetKey(leadId, out var key))
            {
                place(leadId, key, true);
            }
            else
            {
                unread.Add(leadId);
            }
        }

        const string leads = "SELECT lead_id FROM leads";
        if (!SqliteQuery.TryEach(_db.Connection, leads, null, row => Lead(SqliteQuery.Text(row, 0) ?? "")))
        {
            foreach (var leadId in _db.Connection.Query<string>(leads, buffered: false))
            {
                Lead(leadId);
            }
        }

        foreach (var chunk in unread.Chunk(Chunk))
        {
            foreach (var lead in _db.Leads.WithoutSignals(chunk))
            {
                place(lead.LeadId, scorer.KeyOf(lead), false);
            }
        }
    }

    private HashSet<string> Map(AccountScorer scorer, IReadOnlyCollection<string> leadIds)
    {
        var affected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in leadIds.Chunk(Chunk))
        {
            var ids = _db.Dialect.List(chunk);
            affected.UnionWith(_db.Connection.Query<string>($"SELECT account_key FROM lead_accounts WHERE {_db.Dialect.In("lead_id", "@Ids")}", new { Ids = ids }));
            var rows = _db.Leads.WithoutSignals(chunk).Select(l => (l.LeadId, Key: scorer.KeyOf(l))).ToList();
            using var transaction = _db.Connection.BeginTransaction();
            _db.Connection.Execute($"DELETE FROM lead_accounts WHERE {_db.Dialect.In("lead_id", "@Ids")}", new { Ids = ids }, transaction);
            WriteMapping(rows, transaction);
            transaction.Commit();
            affected.UnionWith(rows.Where(r => r.Key is not null).Select(r => r.Key!));
        }

        return affected;
    }

    private void WriteMapping(List<(string LeadId, string? Key)> rows, DbTransaction transaction)
    {
        // One statement per chunk of rows (one round trip per 1,000 on PostgreSQL), not one per lead;
        // completed every 10,000 rows: a first mapping of 1M leads held 880,000 rows of boxed values.
        var now = _db.Time.GetUtcNow();
        foreach (var slice in rows.Where(r => r.Key is not null).Chunk(10_000))
        {
            var insert = TableRows.Insert(_db.Dialect, "lead_accounts", ["lead_id", "account_key", "updated_at"]);
            foreach (var (leadId, key) in slice)
            {
                insert.Add(leadId, key, now);
            }

            insert.Complete(_db.Connection, transaction);
        }
    }

    private Dictionary<string, ScoreCard> CurrentCards(List<string> leadIds, DbTransaction? transaction)
    {
        var cards = new Dictionary<string, ScoreCard>(StringComparer.Ordinal);
        foreach (var chunk in leadIds.Chunk(Chunk))
        {
            foreach (var (leadId, card) in _db.Connection.Query<(string, string)>($"""
                SELECT c.lead_id, COALESCE(c.card, s.card) FROM scores_current c JOIN scores s ON s.id = c.score_id
                WHERE {_db.Dialect.In("c.lead_id", "@Ids")}
                """, new { Ids = _db.Dialect.List(chunk) }, transaction))
            {
                cards[leadId] = _db.Cards.Read(card);
            }
        }

        return cards;
    }

    private (int History, int TierChanges) Save(List<(AccountCard Card, string Json, string Sha)> cards, DbTransaction transaction)
    {
        if (cards.Count == 0)
        {
            return (0, 0);
        }

        var now = _db.Time.GetUtcNow();
        var connection = _db.Connection;
        var current = connection.Query<(string Key, string Sha, string? Tier, long ScoreId)>(
                $"SELECT account_key, card_sha, tier, score_id FROM account_scores_current WHERE {_db.Dialect.In("account_key", "@Keys")}",
                new { Keys = _db.Dialect.List(cards.Select(c => c.Card.AccountKey)) }, transaction)
            .ToDictionary(r => r.Key, StringComparer.Ordinal);
        int history = 0, changes = 0;
        // A statement per table for the chunk, not two round trips per account: history rows for the
        // changed cards (ids back in the order added), then every account's current row.
        var appended = new List<string>();
        var all = new List<(AccountCard Card, string Json, string Sha, long ScoreId)>(cards.Count);
        var insert = TableRows.Insert(_db.Dialect, "account_scores", [
            "account_key", "as_of", "scored_at", "rules_version", "rules_hash", "score", "tier", "tier_rule", "previous_tier",
            "contacts", "engaged", "roles_covered", "roles_total", "card"], returningId: true);
        foreach (var (card, json, sha) in cards)
        {
            var had = current.TryGetValue(card.AccountKey, out var row);
            all.Add((card, json, sha, row.ScoreId));
            if (!had || row.Sha != sha)
            {
                insert.Add(card.AccountKey, card.AsOf, now, card.Rules.Version, card.Rules.Hash, card.Score, card.Tier?.Tier, card.Tier?.Rule,
                    had ? row.Tier : null, card.Contacts.Count, card.Engaged, card.RolesEngaged.Count, card.RolesEngaged.Count + card.RolesMissing.Count, json);
                appended.Add(card.AccountKey);
                history++;
                if (!had || row.Tier != card.Tier?.Tier)
                {
                    changes++;
                }
            }
        }

        var ids = insert.Complete(connection, transaction);
        var newIds = new Dictionary<string, long>(appended.Count, StringComparer.Ordinal);
        for (var i = 0; i < appended.Count; i++)
        {
            newIds[appended[i]] = ids[i];
        }

        var upsert = TableRows.Insert(_db.Dialect, "account_scores_current", ["account_key", "score_id", "as_of", "score", "tier", "card_sha", "card", "updated_at"], """
            ON CONFLICT (account_key) DO UPDATE SET score_id = excluded.score_id, as_of = excluded.as_of, score = excluded.score,
                tier = excluded.tier, card_sha = excluded.card_sha, card = excluded.card, updated_at = excluded.updated_at
            """);
        foreach (var (card, json, sha, scoreId) in all)
        {
            // A card just stored as a history row is read from there (null); one that kept its
            // meaning is newer than its history row's and is kept here.
            var appendedNow = newIds.TryGetValue(card.AccountKey, out var newId);
            upsert.Add(card.AccountKey, appendedNow ? newId : scoreId, card.AsOf, card.Score, card.Tier?.Tier, sha, appendedNow ? null : json, now);
        }

        upsert.Complete(connection, transaction);
        return (history, changes);
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public string Card { get; set; } = "";
        public DateTimeOffset ScoredAt { get; set; }
        public string? PreviousTier { get; set; }

        public StoredAccountScore ToStored() => new(Id, AccountCardJson.Parse(Card), ScoredAt, PreviousTier);
    }
}
