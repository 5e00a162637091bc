using System.Text.Json;
using Dapper;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Leads;

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
    public AccountRescoreResult Rescore(AccountScorer scorer, DateTimeOffset asOf, IReadOnlyCollection<string>? leadIds = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        var started = _db.Time.GetTimestamp();
        var affected = leadIds is null ? MapAll(scorer) : Map(scorer, leadIds);
        int accounts = 0, history = 0, changes = 0;
        var withErrors = 0;
        var samples = new List<string>();
        foreach (var chunk in affected.Order(StringComparer.Ordinal).Chunk(Chunk / 4))
        {
            var members = _db.Connection.Query<(string LeadId, string AccountKey)>(
                $"SELECT lead_id, account_key FROM lead_accounts WHERE {_db.Dialect.In("account_key", "@Keys")}", new { Keys = _db.Dialect.List(chunk) }).ToList();
            var leads = _db.Leads.GetMany(members.Select(m => m.LeadId).ToList()).ToDictionary(l => l.Lead.LeadId, StringComparer.Ordinal);
            var cards = CurrentCards(members.Select(m => m.LeadId).ToList());
            var scored = new List<AccountCard>();
            foreach (var group in members.GroupBy(m => m.AccountKey, StringComparer.Ordinal))
            {
                var contacts = group
                    .Where(m => leads.ContainsKey(m.LeadId) && cards.ContainsKey(m.LeadId))
                    .Select(m => scorer.Contact(leads[m.LeadId].Lead, cards[m.LeadId]))
                    .ToList();
                if (contacts.Count > 0)
                {
                    scored.Add(scorer.Score(group.Key, contacts, asOf));
                }
            }

            foreach (var card in scored.Where(c => c.Errors.Count > 0))
            {
                withErrors++;
                if (samples.Count < 10)
                {
                    samples.Add($"account {card.AccountKey}: {string.Join("; ", card.Errors)}");
                }
            }

            var saved = Save(scored);
            accounts += scored.Count;
            history += saved.History;
            changes += saved.TierChanges;
        }

        return new AccountRescoreResult(accounts, history, changes, _db.Time.GetElapsedTime(started)) { WithErrors = withErrors, ErrorSamples = samples };
    }

    /// <summary>The account a lead is in, or null (free-mail, no domain, or not mapped yet).</summary>
    public string? KeyOf(string leadId) =>
        _db.Connection.ExecuteScalar<string?>("SELECT account_key FROM lead_accounts WHERE lead_id = @LeadId", new { LeadId = leadId });

    public StoredAccountScore? Current(string accountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        return _db.Connection.Query<Row>("""
                SELECT s.id AS Id, c.card AS Card, s.scored_at AS ScoredAt, s.previous_tier AS PreviousTier
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
                SELECT s.id AS Id, c.card AS Card, s.scored_at AS ScoredAt, s.previous_tier AS PreviousTier
                FROM account_scores_current c JOIN account_scores s ON s.id = c.score_id ORDER BY c.score DESC, c.account_key LIMIT @Limit
                """, new { Limit = limit })
            .Select(r => r.ToStored()).ToList();

    private HashSet<string> MapAll(AccountScorer scorer)
    {
        var affected = _db.Connection.Query<string>("SELECT DISTINCT account_key FROM lead_accounts").ToHashSet(StringComparer.Ordinal);
        var rows = new List<(string LeadId, string? Key)>();
        string? after = null;
        while (true)
        {
            var page = _db.Leads.ReadPage(after, 5000);
            if (page.Count == 0)
            {
                break;
            }

            rows.AddRange(page.Select(l => (l.Lead.LeadId, scorer.KeyOf(l.Lead))));
            after = page[^1].Lead.LeadId;
        }

        using var transaction = _db.Connection.BeginTransaction();
        _db.Connection.Execute("DELETE FROM lead_accounts", transaction: transaction);
        WriteMapping(rows, transaction);
        transaction.Commit();
        affected.UnionWith(rows.Where(r => r.Key is not null).Select(r => r.Key!));
        return affected;
    }

    private HashSet<string> Map(AccountScorer scorer, IReadOnlyCollection<string> leadIds)
    {
        var affected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in leadIds.Chunk(Chunk))
        {
            var ids = _db.Dialect.List(chunk);
            affected.UnionWith(_db.Connection.Query<string>($"SELECT account_key FROM lead_accounts WHERE {_db.Dialect.In("lead_id", "@Ids")}", new { Ids = ids }));
            var rows = _db.Leads.GetMany(chunk).Select(l => (l.Lead.LeadId, Key: scorer.KeyOf(l.Lead))).ToList();
            using var transaction = _db.Connection.BeginTransaction();
            _db.Connection.Execute($"DELETE FROM lead_accounts WHERE {_db.Dialect.In("lead_id", "@Ids")}", new { Ids = ids }, transaction);
            WriteMapping(rows, transaction);
            transaction.Commit();
            affected.UnionWith(rows.Where(r => r.Key is not null).Select(r => r.Key!));
        }

        return affected;
    }

    private void WriteMapping(List<(string LeadId, string? Key)> rows, System.Data.IDbTransaction transaction)
    {
        var now = _db.Time.GetUtcNow();
        _db.Connection.Execute(
            "INSERT INTO lead_accounts (lead_id, account_key, updated_at) VALUES (@LeadId, @Key, @Now)",
            rows.Where(r => r.Key is not null).Select(r => new { r.LeadId, r.Key, Now = now }), transaction);
    }

    private Dictionary<string, ScoreCard> CurrentCards(List<string> leadIds)
    {
        var cards = new Dictionary<string, ScoreCard>(StringComparer.Ordinal);
        foreach (var chunk in leadIds.Chunk(Chunk))
        {
            foreach (var (leadId, card) in _db.Connection.Query<(string, string)>($"""
                SELECT c.lead_id, COALESCE(c.card, s.card) FROM scores_current c JOIN scores s ON s.id = c.score_id
                WHERE {_db.Dialect.In("c.lead_id", "@Ids")}
                """, new { Ids = _db.Dialect.List(chunk) }))
            {
                cards[leadId] = _db.Cards.Read(card);
            }
        }

        return cards;
    }

    private (int History, int TierChanges) Save(List<AccountCard> cards)
    {
        if (cards.Count == 0)
        {
            return (0, 0);
        }

        var now = _db.Time.GetUtcNow();
        var connection = _db.Connection;
        using var transaction = connection.BeginTransaction();
        var current = connection.Query<(string Key, string Sha, string? Tier, long ScoreId)>(
                $"SELECT account_key, card_sha, tier, score_id FROM account_scores_current WHERE {_db.Dialect.In("account_key", "@Keys")}",
                new { Keys = _db.Dialect.List(cards.Select(c => c.AccountKey)) }, transaction)
            .ToDictionary(r => r.Key, StringComparer.Ordinal);
        int history = 0, changes = 0;
        foreach (var card in cards)
        {
            var json = AccountCardJson.Serialize(card);
            var sha = AccountCardJson.Fingerprint(card);
            var had = current.TryGetValue(card.AccountKey, out var row);
            var scoreId = row.ScoreId;
            if (!had || row.Sha != sha)
            {
                scoreId = connection.ExecuteScalar<long>("""
                    INSERT INTO account_scores (account_key, as_of, scored_at, rules_version, rules_hash, score, tier, tier_rule, previous_tier,
                        contacts, engaged, roles_covered, roles_total, card)
                    VALUES (@Key, @AsOf, @Now, @Version, @Hash, @Score, @Tier, @TierRule, @Previous, @Contacts, @Engaged, @Covered, @Total, @Card)
                    RETURNING id
                    """, new
                {
                    Key = card.AccountKey, card.AsOf, Now = now, card.Rules.Version, card.Rules.Hash, card.Score, Tier = card.Tier?.Tier,
                    TierRule = card.Tier?.Rule, Previous = had ? row.Tier : null, Contacts = card.Contacts.Count, card.Engaged,
                    Covered = card.RolesEngaged.Count, Total = card.RolesEngaged.Count + card.RolesMissing.Count, Card = json,
                }, transaction);
                history++;
                if (!had || row.Tier != card.Tier?.Tier)
                {
                    changes++;
                }
            }

            connection.Execute("""
                INSERT INTO account_scores_current (account_key, score_id, as_of, score, tier, card_sha, card, updated_at)
                VALUES (@Key, @ScoreId, @AsOf, @Score, @Tier, @Sha, @Card, @Now)
                ON CONFLICT (account_key) DO UPDATE SET score_id = excluded.score_id, as_of = excluded.as_of, score = excluded.score,
                    tier = excluded.tier, card_sha = excluded.card_sha, card = excluded.card, updated_at = excluded.updated_at
                """, new { Key = card.AccountKey, ScoreId = scoreId, card.AsOf, card.Score, Tier = card.Tier?.Tier, Sha = sha, Card = json, Now = now }, transaction);
        }

        transaction.Commit();
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
