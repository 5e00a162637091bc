using System.Data.Common;
using Dapper;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Leads;

namespace RuleScoring.Storage.Outcomes;

/// <summary>Set-based upserts of deals and dispositions inside the caller's transaction.</summary>
internal static class OutcomeWrites
{
    private static readonly string[] DealColumns = ["opportunity_id", "outcome", "created_at", "closed_at", "amount", "segment"];

    /// <summary>The stored deals of <paramref name="dealIds"/>: whose they are and their dates, to check a row against before it merges.</summary>
    public static Dictionary<string, StoredDeal> StoredDeals(ScoreDatabase db, DbTransaction transaction, IEnumerable<string> dealIds) =>
        db.Connection.Query<(string DealId, string LeadId, DateTimeOffset? CreatedAt, DateTimeOffset? ClosedAt)>(
                $"SELECT deal_id, lead_id, created_at, closed_at FROM deals WHERE {db.Dialect.In("deal_id", "@Ids")}",
                new { Ids = db.Dialect.List(dealIds.Distinct(StringComparer.Ordinal)) }, transaction)
            .ToDictionary(d => d.DealId, d => new StoredDeal(d.LeadId, d.CreatedAt, d.ClosedAt), StringComparer.Ordinal);

    /// <summary>Inserts new deals and merges into stored ones (e.g. open to won; a blank cell keeps the stored value); rows that change nothing are duplicates.</summary>
    public static WriteCounts UpsertDeals(ScoreDatabase db, DbTransaction transaction, IReadOnlyList<DealWrite> rows)
    {
        var connection = db.Connection;
        if (rows.Count == 0)
        {
            return default;
        }

        var existing = connection.Query<string>($"SELECT deal_id FROM deals WHERE {db.Dialect.In("deal_id", "@Ids")}",
            new { Ids = db.Dialect.List(rows.Select(r => r.DealId).Distinct(StringComparer.Ordinal)) }, transaction).ToHashSet(StringComparer.Ordinal);
        var inserted = rows.Select(r => r.DealId).Where(id => !existing.Contains(id)).Distinct(StringComparer.Ordinal).Count();
        // lead_id is not among the merged columns: the importer rejects a row whose deal id is stored for another lead.
        var changed = connection.Execute($"""
            INSERT INTO deals (deal_id, lead_id, opportunity_id, outcome, created_at, closed_at, amount, segment, first_seen_at, updated_at)
            VALUES (@DealId, @LeadId, @OpportunityId, @Outcome, @CreatedAt, @ClosedAt, @Amount, @Segment, @Now, @Now)
            ON CONFLICT (deal_id) DO UPDATE SET {SqlMerge.Set("deals", DealColumns)}, updated_at = excluded.updated_at
            WHERE {SqlMerge.Changes("deals", DealColumns)}
            """, rows, transaction);
        return new WriteCounts(inserted, changed - inserted, rows.Count - changed);
    }

    /// <summary>One disposition per (lead, time, status); a new reason or rep updates it, a blank one keeps the stored value.</summary>
    public static WriteCounts UpsertDispositions(ScoreDatabase db, DbTransaction transaction, IReadOnlyList<DispositionWrite> rows)
    {
        var connection = db.Connection;
        if (rows.Count == 0)
        {
            return default;
        }

        // A lead has a handful of dispositions: read its keys and match them here.
        var existing = connection.Query<(string LeadId, string At, string Status)>(
                $"SELECT lead_id, at, status FROM dispositions WHERE {db.Dialect.In("lead_id", "@Ids")}",
                new { Ids = db.Dialect.List(rows.Select(r => r.LeadId).Distinct(StringComparer.Ordinal)) }, transaction)
            .Select(k => (k.LeadId, k.At, k.Status))
            .ToHashSet();
        var inserted = rows.Select(r => (r.LeadId, r.AtText, r.Status)).Where(k => !existing.Contains(k)).Distinct().Count();
        var changed = connection.Execute($"""
            INSERT INTO dispositions (lead_id, status, at, reason, rep, first_seen_at, updated_at)
            VALUES (@LeadId, @Status, @AtText, @Reason, @Rep, @Now, @Now)
            ON CONFLICT (lead_id, at, status) DO UPDATE SET {SqlMerge.Set("dispositions", "reason", "rep")}, updated_at = excluded.updated_at
            WHERE {SqlMerge.Changes("dispositions", "reason", "rep")}
            """, rows, transaction);
        return new WriteCounts(inserted, changed - inserted, rows.Count - changed);
    }
}

internal sealed record StoredDeal(string LeadId, DateTimeOffset? CreatedAt, DateTimeOffset? ClosedAt);

internal sealed record DealWrite(
    string DealId, string LeadId, string? OpportunityId, string Outcome, DateTimeOffset? CreatedAt, DateTimeOffset? ClosedAt,
    double? Amount, string? Segment, DateTimeOffset Now);

/// <param name="AtText">The time as stored (the dedupe key compares stored text).</param>
internal sealed record DispositionWrite(string LeadId, string Status, string AtText, string? Reason, string? Rep, DateTimeOffset Now);
