using Dapper;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Outcomes;

/// <summary>Deals and dispositions as imported, read whole (replay and calibrate); imports write them.</summary>
public sealed class OutcomeStore
{
    private readonly ScoreDatabase _db;

    internal OutcomeStore(ScoreDatabase db) => _db = db;

    /// <summary>Every won or lost deal, earliest created first (a deal without a creation date sorts first), then by deal id.</summary>
    public IReadOnlyList<ClosedDeal> ClosedDeals() => _db.Connection.Query<DealRow>("""
        SELECT d.lead_id AS LeadId, d.outcome AS Outcome, d.created_at AS CreatedAt, d.closed_at AS ClosedAt, d.segment AS Segment,
               (SELECT MIN(x.at) FROM dispositions x WHERE x.lead_id = d.lead_id) AS FirstDisposition
        FROM deals d WHERE d.outcome IN ('won', 'lost')
        ORDER BY COALESCE(d.created_at, ''), d.deal_id
        """).Select(r => new ClosedDeal(r.LeadId, r.Outcome, r.CreatedAt, r.ClosedAt, r.Segment, r.FirstDisposition)).ToList();

    /// <summary>Every disposition, by lead and then time.</summary>
    public IReadOnlyList<StoredDisposition> Dispositions() => _db.Connection.Query<DispositionRow>("""
        SELECT lead_id AS LeadId, status AS Status, at AS At, reason AS Reason
        FROM dispositions ORDER BY lead_id, at
        """).Select(r => new StoredDisposition(r.LeadId, r.Status, r.At, r.Reason)).ToList();

    private sealed class DealRow
    {
        public string LeadId { get; set; } = "";
        public string Outcome { get; set; } = "";
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? ClosedAt { get; set; }
        public string? Segment { get; set; }
        public DateTimeOffset? FirstDisposition { get; set; }
    }

    private sealed class DispositionRow
    {
        public string LeadId { get; set; } = "";
        public string Status { get; set; } = "";
        public DateTimeOffset At { get; set; }
        public string? Reason { get; set; }
    }
}
