using System.Text.Json;
using Dapper;
using RuleScoring.Core.Leads;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Leads;

/// <summary>Leads and their signals: read them for scoring, write them from code (files go through the importer).</summary>
public sealed class LeadStore
{
    private readonly ScoreDatabase _db;

    internal LeadStore(ScoreDatabase db) => _db = db;

    public long Count() => _db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM leads");

    public long SignalCount() => _db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM signals");

    /// <summary>Leads whose created_at is after <paramref name="asOf"/>: no card may be scored for them as of then.</summary>
    public long CountNotCreatedBy(DateTimeOffset asOf) =>
        _db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM leads WHERE created_at > @AsOf", new { AsOf = asOf });

    /// <summary>
    /// The one condition, for every query that picks leads to score as of <c>@AsOf</c>, that keeps
    /// out leads not yet created then (a lead without created_at is taken: nothing says it did not exist).
    /// </summary>
    internal static string CreatedBy(string alias) => $"({alias}.created_at IS NULL OR {alias}.created_at <= @AsOf)";

    public StoredLead? Get(string leadId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leadId);
        var row = _db.Connection.QuerySingleOrDefault<LeadRow>(
            "SELECT lead_id AS LeadId, attributes AS Attributes, created_at AS CreatedAt FROM leads WHERE lead_id = @LeadId",
            new { LeadId = leadId });
        if (row is null)
        {
            return null;
        }

        var settled = Settled(null);
        var signals = _db.Connection.Query<SignalRow>($"{SelectSignals} WHERE lead_id = @LeadId ORDER BY seq", new { LeadId = leadId }).ToList();
        return ToStored(row, signals, settled);
    }

    /// <summary>The given leads with all their signals, in id order; ids with no stored lead are left out.</summary>
    /// <param name="claim">The worker's claim on these leads, whose transaction the reads join.</param>
    public IReadOnlyList<StoredLead> GetMany(IReadOnlyCollection<string> leadIds, Worker.LeadClaim? claim = null)
    {
        ArgumentNullException.ThrowIfNull(leadIds);
        if (leadIds.Count == 0)
        {
            return [];
        }

        var ids = _db.Dialect.List(leadIds);
        var transaction = claim?.OpenTransaction;
        var settled = Settled(transaction);
        var rows = _db.Connection.Query<LeadRow>($"""
            SELECT lead_id AS LeadId, attributes AS Attributes, created_at AS CreatedAt
            FROM leads WHERE {_db.Dialect.In("lead_id", "@Ids")} ORDER BY lead_id
            """, new { Ids = ids }, transaction).ToList();
        var byLead = _db.Connection.Query<SignalRow>($"{SelectSignals} WHERE {_db.Dialect.In("lead_id", "@Ids")}", new { Ids = ids }, transaction)
            .GroupBy(s => s.LeadId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Seq).ToList(), StringComparer.Ordinal);
        return rows.Select(r => ToStored(r, byLead.GetValueOrDefault(r.LeadId) ?? [], settled)).ToArray();
    }

    /// <summary>
    /// Up to <paramref name="limit"/> leads after <paramref name="afterLeadId"/> in id order (null:
    /// from the start), each with all its signals. Page through every lead by passing the last id back.
    /// </summary>
    /// <param name="createdBy">When scoring as of a time: leave out leads created after it.</param>
    public IReadOnlyList<StoredLead> ReadPage(string? afterLeadId, int limit, DateTimeOffset? createdBy = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var rows = _db.Connection.Query<LeadRow>($"""
            SELECT lead_id AS LeadId, attributes AS Attributes, created_at AS CreatedAt
            FROM leads WHERE lead_id > @After AND {CreatedBy("leads")} ORDER BY lead_id LIMIT @Limit
            """, new { After = afterLeadId ?? "", Limit = limit, AsOf = createdBy ?? DateTimeOffset.MaxValue }).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        // One range scan over the (lead_id, event_key) index for the whole page.
        var settled = Settled(null);
        var byLead = _db.Connection.Query<SignalRow>(
                $"{SelectSignals} WHERE lead_id >= @First AND lead_id <= @Last",
                new { First = rows[0].LeadId, Last = rows[^1].LeadId })
            .GroupBy(s => s.LeadId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Seq).ToList(), StringComparer.Ordinal);
        return rows.Select(r => ToStored(r, byLead.GetValueOrDefault(r.LeadId) ?? [], settled)).ToArray();
    }

    /// <summary>
    /// Inserts or merges leads (attributes as in an import: non-empty values win) and adds their
    /// signals that are not stored yet, all in one transaction.
    /// </summary>
    public LeadSaveResult Save(IReadOnlyList<Lead> leads)
    {
        ArgumentNullException.ThrowIfNull(leads);
        var now = _db.Time.GetUtcNow();
        var leadRows = new List<LeadWrite>(leads.Count);
        var signalRows = new List<SignalWrite>();
        foreach (var lead in leads)
        {
            var createdAt = lead.Attributes.TryGetValue("created_at", out var created) && Timestamps.TryParse(created, out var at) ? at : (DateTimeOffset?)null;
            leadRows.Add(new LeadWrite(lead.LeadId, AttributesJson.Write(lead.Attributes.Where(a => !a.Key.Equals("created_at", StringComparison.OrdinalIgnoreCase))), createdAt, now));
            signalRows.AddRange(lead.Signals.Select(s => new SignalWrite(lead.LeadId, SignalKey.For(s.EventId, s.Type, s.OccurredAt, s.Topic, s.Value, s.Source),
                s.Type.Trim(), s.OccurredAt, s.EventId, s.Topic, s.Value, s.Source, now)));
        }

        using var transaction = _db.Connection.BeginTransaction();
        var leadCounts = LeadWrites.UpsertLeads(_db, transaction, leadRows);
        var signalCounts = LeadWrites.InsertSignals(_db, transaction, signalRows);
        transaction.Commit();
        return new LeadSaveResult(leadCounts.Inserted, leadCounts.Updated, leadCounts.Duplicate, signalCounts.Inserted, signalCounts.Duplicate);
    }

    /// <summary>
    /// Adds signals to stored leads in one transaction, skipping those already stored (same event
    /// key). When any names a lead that is not stored, nothing is written and those lead ids are returned.
    /// </summary>
    public (int Inserted, int Duplicate, IReadOnlyList<string> UnknownLeads) AddSignals(IReadOnlyList<(string LeadId, Signal Signal)> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var now = _db.Time.GetUtcNow();
        using var transaction = _db.Connection.BeginTransaction();
        var existing = LeadWrites.ExistingLeads(_db, transaction, signals.Select(s => s.LeadId).Distinct(StringComparer.Ordinal));
        var unknown = signals.Select(s => s.LeadId).Where(id => !existing.Contains(id)).Distinct(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            return (0, 0, unknown);
        }

        var rows = signals.Select(x => new SignalWrite(x.LeadId, SignalKey.For(x.Signal.EventId, x.Signal.Type, x.Signal.OccurredAt, x.Signal.Topic, x.Signal.Value, x.Signal.Source),
            x.Signal.Type.Trim(), x.Signal.OccurredAt, x.Signal.EventId, x.Signal.Topic, x.Signal.Value, x.Signal.Source, now)).ToList();
        var counts = LeadWrites.InsertSignals(_db, transaction, rows);
        transaction.Commit();
        return (counts.Inserted, counts.Duplicate, []);
    }

    private const string SelectSignals = """
        SELECT lead_id AS LeadId, seq AS Seq, type AS Type, occurred_at AS OccurredAt, event_id AS EventId,
               topic AS Topic, value AS Value, source AS Source
        FROM signals
        """;

    // Read before the signals: every seq up to it is committed, so the read saw all of them.
    private long Settled(System.Data.Common.DbTransaction? transaction) => _db.Dialect.SettledPosition(_db.Connection, AppendLog.Signals, transaction);

    /// <param name="settled">
    /// What the card may claim to have seen: on PostgreSQL a signal with a lower seq than one read
    /// can still be in flight, and a card claiming the higher seq would make the worker's signal
    /// step pass over the late one. Capped, such a lead is only rescored once more.
    /// </param>
    private static StoredLead ToStored(LeadRow row, List<SignalRow> signals, long settled)
    {
        var lead = new Lead(row.LeadId, AttributesJson.Read(row.Attributes),
            signals.Select(s => new Signal(s.Type, s.OccurredAt, s.EventId, s.Topic, s.Value, s.Source)).ToArray());
        return new StoredLead(lead, row.CreatedAt, signals.Count == 0 ? 0 : Math.Min(signals.Max(s => s.Seq), settled));
    }

    private sealed class LeadRow
    {
        public string LeadId { get; set; } = "";
        public string Attributes { get; set; } = "{}";
        public DateTimeOffset? CreatedAt { get; set; }
    }

    private sealed class SignalRow
    {
        public string LeadId { get; set; } = "";
        public long Seq { get; set; }
        public string Type { get; set; } = "";
        public DateTimeOffset OccurredAt { get; set; }
        public string? EventId { get; set; }
        public string? Topic { get; set; }
        public double? Value { get; set; }
        public string? Source { get; set; }
    }
}
