using System.Data.Common;
using Dapper;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Leads;

/// <summary>
/// The set-based writes behind import and <see cref="LeadStore.Save"/>. Each takes a batch inside
/// the caller's transaction; Dapper runs one prepared statement over the whole list.
/// </summary>
internal static class LeadWrites
{
    /// <summary>Leads from <paramref name="leadIds"/> that are in the database.</summary>
    public static HashSet<string> ExistingLeads(ScoreDatabase db, DbTransaction transaction, IEnumerable<string> leadIds) =>
        db.Connection.Query<string>(
            $"SELECT lead_id FROM leads WHERE {db.Dialect.In("lead_id", "@Ids")}",
            new { Ids = db.Dialect.List(leadIds.Distinct(StringComparer.Ordinal)) }, transaction).ToHashSet(StringComparer.Ordinal);

    /// <summary>The leads of <paramref name="leadIds"/> that are in the database, each with its created_at (null when not known).</summary>
    public static Dictionary<string, DateTimeOffset?> CreatedAt(ScoreDatabase db, DbTransaction transaction, IEnumerable<string> leadIds) =>
        db.Connection.Query<(string LeadId, DateTimeOffset? CreatedAt)>(
            $"SELECT lead_id, created_at FROM leads WHERE {db.Dialect.In("lead_id", "@Ids")}",
            new { Ids = db.Dialect.List(leadIds.Distinct(StringComparer.Ordinal)) }, transaction).ToDictionary(r => r.LeadId, r => r.CreatedAt, StringComparer.Ordinal);

    /// <summary>When each lead of <paramref name="leadIds"/> that has signals had its first one.</summary>
    public static Dictionary<string, DateTimeOffset> FirstSignals(ScoreDatabase db, DbTransaction transaction, IEnumerable<string> leadIds) =>
        db.Connection.Query<(string LeadId, DateTimeOffset At)>(
            $"SELECT lead_id, MIN(occurred_at) FROM signals WHERE {db.Dialect.In("lead_id", "@Ids")} GROUP BY lead_id",
            new { Ids = db.Dialect.List(leadIds.Distinct(StringComparer.Ordinal)) }, transaction).ToDictionary(r => r.LeadId, r => r.At, StringComparer.Ordinal);

    /// <summary>
    /// Inserts new leads and merges attributes into known ones (a non-empty value in the batch
    /// wins). Unchanged leads are not touched, so a re-import reports them as duplicates.
    /// </summary>
    public static WriteCounts UpsertLeads(ScoreDatabase db, DbTransaction transaction, IReadOnlyList<LeadWrite> rows)
    {
        if (rows.Count == 0)
        {
            return default;
        }

        if (db.Kind == StoreKind.Sqlite)
        {
            return UpsertLeadsSqlite(db, transaction, rows);
        }

        var existing = ExistingLeads(db, transaction, rows.Select(r => r.LeadId));
        var inserted = rows.Select(r => r.LeadId).Where(id => !existing.Contains(id)).Distinct(StringComparer.Ordinal).Count();
        // Attributes are stored in PostgreSQL's own jsonb rendering, so merging the batch into an
        // unchanged lead compares equal as text (jsonb || merges two sorted key lists: linear).
        const string merged = "(leads.attributes::jsonb || excluded.attributes::jsonb)::text";
        // One statement a row either way (Dapper runs a list parameter row by row); RETURNING names
        // the rows written, so the cards of the leads that changed can be marked due below.
        var written = new List<string>(rows.Count);
        foreach (var row in rows)
        {
            written.AddRange(db.Connection.Query<string>($"""
                INSERT INTO leads (lead_id, attributes, created_at, first_seen_at, updated_at)
                VALUES (@LeadId, @Attributes::jsonb::text, @CreatedAt, @Now, @Now)
                ON CONFLICT (lead_id) DO UPDATE SET
                    attributes = {merged},
                    {SqlMerge.Set("leads", "created_at")},
                    updated_at = excluded.updated_at
                WHERE {merged} IS DISTINCT FROM leads.attributes OR {SqlMerge.Changes("leads", "created_at")}
                RETURNING lead_id
                """, row, transaction));
        }

        MarkCardsDue(db, transaction, written.Where(existing.Contains));
        return new WriteCounts(inserted, written.Count - inserted, rows.Count - written.Count);
    }

    /// <summary>
    /// SQLite's json_patch looks each key of the patch up in the target one by one (quadratic:
    /// a 60,000-column lead took 39 s to import again), so the merge happens here, in linear
    /// time, against the stored attributes read in the same transaction (SQLite has one writer).
    /// </summary>
    private static WriteCounts UpsertLeadsSqlite(ScoreDatabase db, DbTransaction transaction, IReadOnlyList<LeadWrite> rows)
    {
        var current = db.Connection.Query<(string LeadId, string Attributes)>(
            $"SELECT lead_id, attributes FROM leads WHERE {db.Dialect.In("lead_id", "@Ids")}",
            new { Ids = db.Dialect.List(rows.Select(r => r.LeadId).Distinct(StringComparer.Ordinal)) }, transaction)
            .ToDictionary(r => r.LeadId, r => r.Attributes, StringComparer.Ordinal);
        var inserted = rows.Select(r => r.LeadId).Where(id => !current.ContainsKey(id)).Distinct(StringComparer.Ordinal).Count();
        var writes = new List<MergedLeadWrite>(rows.Count);
        foreach (var row in rows)
        {
            var attributes = row.Attributes;
            var changed = true;
            var existed = current.TryGetValue(row.LeadId, out var stored);
            if (existed)
            {
                attributes = AttributesJson.Merge(stored!, row.Attributes, out changed);
            }

            current[row.LeadId] = attributes;
            writes.Add(new MergedLeadWrite(row.LeadId, attributes, changed, existed, row.CreatedAt, row.Now));
        }

        var written = db.Connection.Execute($"""
            INSERT INTO leads (lead_id, attributes, created_at, first_seen_at, updated_at)
            VALUES (@LeadId, json(@Attributes), @CreatedAt, @Now, @Now)
            ON CONFLICT (lead_id) DO UPDATE SET
                attributes = excluded.attributes,
                {SqlMerge.Set("leads", "created_at")},
                updated_at = excluded.updated_at
            WHERE @Changed OR {SqlMerge.Changes("leads", "created_at")}
            """, writes, transaction);
        MarkCardsDue(db, transaction, writes.Where(w => w.Changed && w.Existed).Select(w => w.LeadId));
        return new WriteCounts(inserted, written - inserted, rows.Count - written);
    }

    /// <summary>
    /// A stored card was scored on the lead's attributes as they were: once they change (a new
    /// title, a company size, an unsubscribe), the card is due at its own as-of, so the worker's
    /// next tick scores the lead again, though no signal arrived and nothing decayed. The account
    /// classification kept with it (a title is a committee role) no longer holds either.
    /// </summary>
    private static void MarkCardsDue(ScoreDatabase db, DbTransaction transaction, IEnumerable<string> changedLeads)
    {
        foreach (var chunk in changedLeads.Distinct(StringComparer.Ordinal).Chunk(1000))
        {
            db.Connection.Execute($"UPDATE scores_current SET next_change_at = as_of, contact = NULL WHERE {db.Dialect.In("lead_id", "@Ids")}",
                new { Ids = db.Dialect.List(chunk) }, transaction);
        }
    }

    private sealed record MergedLeadWrite(string LeadId, string Attributes, bool Changed, bool Existed, DateTimeOffset? CreatedAt, DateTimeOffset Now);

    /// <summary>Inserts signals whose (lead, event key) is new; the rest are duplicates. Leads must exist.</summary>
    public static WriteCounts InsertSignals(ScoreDatabase db, DbTransaction transaction, IReadOnlyList<SignalWrite> rows)
    {
        if (rows.Count == 0)
        {
            return default;
        }

        db.Dialect.AppendingTo(db.Connection, transaction, AppendLog.Signals);
        // Rows go in (lead, key) order so the unique index fills page by page rather than at random.
        using var insert = new BulkCommand(db.Connection, transaction, """
            INSERT INTO signals (lead_id, event_key, type, occurred_at, event_id, topic, value, source, received_at)
            VALUES (@lead, @key, @type, @at, @event, @topic, @value, @source, @now)
            ON CONFLICT (lead_id, event_key) DO NOTHING
            """, returnsValue: false, "lead", "key", "type", "at", "event", "topic", "value", "source", "now");
        foreach (var r in rows.OrderBy(r => r.LeadId, StringComparer.Ordinal).ThenBy(r => r.EventKey, StringComparer.Ordinal))
        {
            insert.Add(r.LeadId, r.EventKey, r.Type, r.OccurredAt, r.EventId, r.Topic, r.Value, r.Source, r.Now);
        }

        var inserted = (int)insert.Complete().Sum();

        return new WriteCounts(inserted, 0, rows.Count - inserted);
    }
}

internal readonly record struct WriteCounts(int Inserted, int Updated, int Duplicate)
{
    public static WriteCounts operator +(WriteCounts a, WriteCounts b) =>
        new(a.Inserted + b.Inserted, a.Updated + b.Updated, a.Duplicate + b.Duplicate);
}

internal sealed record LeadWrite(string LeadId, string Attributes, DateTimeOffset? CreatedAt, DateTimeOffset Now);

internal sealed record SignalWrite(
    string LeadId, string EventKey, string Type, DateTimeOffset OccurredAt, string? EventId, string? Topic, double? Value, string? Source, DateTimeOffset Now);
