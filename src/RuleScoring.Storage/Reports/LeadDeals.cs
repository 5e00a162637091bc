using Dapper;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Reports;

/// <summary>A lead's deals, oldest first (`explain` shows them beside the score).</summary>
public static class LeadDeals
{
    public static IReadOnlyList<StoredDeal> For(ScoreDatabase db, string leadId)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(leadId);
        return db.Connection.Query<Row>(
            """
            SELECT COALESCE(opportunity_id, deal_id) AS DealId, outcome AS Outcome, created_at AS CreatedAt, closed_at AS ClosedAt
            FROM deals WHERE lead_id = @leadId
            """, new { leadId })
            .Select(r => new StoredDeal(r.DealId, r.Outcome, r.CreatedAt, r.ClosedAt))
            .OrderBy(d => d.CreatedAt ?? d.ClosedAt ?? DateTimeOffset.MaxValue).ThenBy(d => d.DealId, StringComparer.Ordinal)
            .ToList();
    }

    private sealed class Row
    {
        public string DealId { get; set; } = "";
        public string Outcome { get; set; } = "";
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? ClosedAt { get; set; }
    }
}
