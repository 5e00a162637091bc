using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
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

    /// <summary>The ids of the leads <see cref="CountNotCreatedBy"/> counts.</summary>
    public IReadOnlyList<string> NotCreatedBy(DateTimeOffset asOf) =>
        [.. _db.Connection.Query<string>("SELECT lead_id FROM leads WHERE created_at > @AsOf ORDER BY lead_id", new { AsOf = asOf })];

    /// <summary>
    /// The one condition, for every query that picks leads to score as of <c>@AsOf</c>, that keeps
    /// out leads not yet created then (a lead without created_at is taken: nothing says it did not exist).
    /// </summary>
    internal static string CreatedBy(string alias) => $"({alias}.created_at IS NULL OR {alias}.created_at <= @AsOf)";

    public StoredLead? Get(string leadId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leadId);
        var settled = Settled(null);
        var leads = ReadLeads($"{SelectLeads} WHERE lead_id = @LeadId", new { LeadId = leadId }, null);
        return leads.Count == 0 ? null : WithSignals(leads, "lead_id = @LeadId", [("@LeadId", leadId)], null, settled)[0];
    }

    /// <summary>The given leads with all their signals, in id order; ids with no stored lead are left out.</summary>
    /// <param name="claim">The worker's claim on these leads, whose transaction the reads join.</param>
    public IReadOnlyList<StoredLead> GetMany(IReadOnlyCollection<string> leadIds, Worker.LeadClaim? claim = null) => GetMany(leadIds, claim?.OpenTransaction);

    /// <summary>
    /// The given leads' attributes only, in id order (no signals: <see cref="StoredLead.LastSignalSeq"/>
    /// is 0); <see cref="ReadSignals"/> reads the signals of those that need them.
    /// </summary>
    /// <param name="claim">The worker's claim on these leads, whose transaction the read joins.</param>
    public IReadOnlyList<StoredLead> GetAttributes(IReadOnlyCollection<string> leadIds, Worker.LeadClaim? claim = null)
    {
        ArgumentNullException.ThrowIfNull(leadIds);
        return leadIds.Count == 0
            ? []
            : ReadLeads($"{SelectLeads} WHERE {_db.Dialect.In("lead_id", "@Ids")} ORDER BY lead_id", new { Ids = _db.Dialect.List(leadIds) }, claim?.OpenTransaction);
    }

    /// <summary>Leads read by <see cref="GetAttributes"/> (in id order), with all their signals: what <see cref="GetMany(IReadOnlyCollection{string}, Worker.LeadClaim?)"/> reads, without reading the leads again.</summary>
    /// <param name="claim">The worker's claim on these leads, whose transaction the read joins.</param>
    public IReadOnlyList<StoredLead> ReadSignals(IReadOnlyList<StoredLead> leads, Worker.LeadClaim? claim = null)
    {
        ArgumentNullException.ThrowIfNull(leads);
        if (leads.Count == 0)
        {
            return [];
        }

        var transaction = claim?.OpenTransaction;
        var settled = Settled(transaction);
        return WithSignals([.. leads], _db.Dialect.In("lead_id", "@Ids"), [("@Ids", _db.Dialect.List(leads.Select(l => l.Lead.LeadId)))], transaction, settled);
    }

    internal IReadOnlyList<StoredLead> GetMany(IReadOnlyCollection<string> leadIds, DbTransaction? transaction)
    {
        ArgumentNullException.ThrowIfNull(leadIds);
        if (leadIds.Count == 0)
        {
            return [];
        }

        var ids = _db.Dialect.List(leadIds);
        var settled = Settled(transaction);
        var leads = ReadLeads($"{SelectLeads} WHERE {_db.Dialect.In("lead_id", "@Ids")} ORDER BY lead_id", new { Ids = ids }, transaction);
        return leads.Count == 0 ? [] : WithSignals(leads, _db.Dialect.In("lead_id", "@Ids"), [("@Ids", ids)], transaction, settled);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> leads after <paramref name="afterLeadId"/> in id order (null:
    /// from the start), each with all its signals. Page through every lead by passing the last id back.
    /// </summary>
    /// <param name="createdBy">When scoring as of a time: leave out leads created after it.</param>
    /// <param name="eventIds">
    /// False when the leads are read to be scored: no rule sees a signal's event id (it is for
    /// telling repeated deliveries apart when signals arrive), and it is a string of its own for
    /// every signal (22.5 million in a 1M-lead rescore); each signal's EventId is then null.
    /// </param>
    public IReadOnlyList<StoredLead> ReadPage(string? afterLeadId, int limit, DateTimeOffset? createdBy = null, bool eventIds = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var leads = ReadLeads($"{SelectLeads} WHERE lead_id > @After AND {CreatedBy("leads")} ORDER BY lead_id LIMIT @Limit",
            new { After = afterLeadId ?? "", Limit = limit, AsOf = createdBy ?? DateTimeOffset.MaxValue }, null);
        if (leads.Count == 0)
        {
            return [];
        }

        // One range scan over the (lead_id, event_key) index for the whole page.
        var settled = Settled(null);
        return WithSignals(leads, "lead_id >= @First AND lead_id <= @Last", [("@First", leads[0].Lead.LeadId), ("@Last", leads[^1].Lead.LeadId)], null, settled, eventIds);
    }

    /// <summary>
    /// Leads without their signals (what an account key needs): the given ids, or (null) a page of
    /// up to <paramref name="limit"/> leads after <paramref name="afterLeadId"/>, in id order.
    /// </summary>
    internal IReadOnlyList<Lead> WithoutSignals(IReadOnlyCollection<string>? leadIds, string? afterLeadId = null, int limit = 0) =>
        (leadIds is null
            ? ReadLeads($"{SelectLeads} WHERE lead_id > @After ORDER BY lead_id LIMIT @Limit", new { After = afterLeadId ?? "", Limit = limit }, null)
            : GetAttributes(leadIds))
        .Select(r => r.Lead)
        .ToArray();

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

    // Every lead and signal read for scoring comes through the two readers below: columns by
    // ordinal, times through SqlTimestamp's fixed-width reader, signals in lead order so each
    // lead's list is one run (measured: Dapper's mapping and ParseExact were ~90 % of the read).
    private const string SelectLeads = "SELECT lead_id, attributes, created_at FROM leads";

    private const string SelectSignals = "SELECT lead_id, seq, type, occurred_at, event_id, topic, value, source FROM signals";

    /// <summary>Leads as the rows hold them, attributes read, no signals yet.</summary>
    private List<StoredLead> ReadLeads(string sql, object args, DbTransaction? transaction)
    {
        var rows = new List<StoredLead>();
        using var reader = _db.Connection.ExecuteReader(sql, args, transaction);
        while (reader.Read())
        {
            rows.Add(new StoredLead(new Lead(reader.GetString(0), AttributesJson.Read(reader.GetString(1)), []),
                reader.IsDBNull(2) ? null : SqlTimestamp.Parse(reader.GetString(2)), 0));
        }

        return rows;
    }

    /// <summary>
    /// The leads (in id order) with their signals, those <paramref name="where"/> selects, each
    /// lead's in seq order. Signals of leads not in the list (created after the as-of time, inside
    /// a page's id range) are passed over.
    /// </summary>
    /// <param name="args">The parameters, by name with their @: text, or a dialect's list.</param>
    /// <param name="settled">The highest seq a card may claim to have seen (see <see cref="SignalRuns.Finish"/>).</param>
    private StoredLead[] WithSignals(List<StoredLead> leads, string where, (string Name, object Value)[] args, DbTransaction? transaction, long settled, bool eventIds = true)
    {
        var runs = new SignalRuns(leads);
        if (_db.Connection is SqliteConnection sqlite && args.All(a => a.Value is string))
        {
            // In the index's lead order and nothing more: ordering each lead's rows by seq as well
            // made SQLite sort the page (70 % of its time); SignalRuns orders each lead's few instead.
            SqliteSignalReader.Read(sqlite, $"SELECT {SqliteSignalReader.Columns} FROM signals WHERE {where} ORDER BY lead_id",
                [.. args.Select(a => (a.Name, (string)a.Value))], runs, eventIds);
            return runs.Finish(settled);
        }

        var parameters = new DynamicParameters();
        foreach (var (name, value) in args)
        {
            parameters.Add(name, value);
        }

        using var reader = _db.Connection.ExecuteReader($"{SelectSignals} WHERE {where} ORDER BY lead_id, seq", parameters, transaction);
        string? runLead = null;
        while (reader.Read())
        {
            var leadId = reader.GetString(0);
            if (!string.Equals(leadId, runLead, StringComparison.Ordinal))
            {
                runLead = leadId;
                runs.StartLead(leadId);
            }

            if (runs.Wanted)
            {
                runs.Add(reader.GetInt64(1), new Signal(reader.GetString(2), SqlTimestamp.Parse(reader.GetString(3)), eventIds ? NullableText(reader, 4) : null, NullableText(reader, 5),
                    reader.IsDBNull(6) ? null : reader.GetDouble(6), NullableText(reader, 7)));
            }
        }

        return runs.Finish(settled);
    }

    private static string? NullableText(System.Data.IDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    // Read before the signals: every seq up to it is committed, so the read saw all of them.
    private long Settled(DbTransaction? transaction) => _db.Dialect.SettledPosition(_db.Connection, AppendLog.Signals, transaction);

}
