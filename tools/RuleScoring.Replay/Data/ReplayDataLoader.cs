using Dapper;
using RuleScoring.Storage.Database;

namespace RuleScoring.Replay.Data;

/// <summary>
/// Reads the deals to replay from a store: one case per lead with a closed deal (its earliest
/// closed one), the lead's attributes, and only the signals before the deal's as-of time.
/// </summary>
internal static class ReplayDataLoader
{
    public static ReplayData Load(ScoreDatabase db, AsOfPolicy asOf, string? segmentColumn, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var deals = db.Connection.Query<DealRow>("""
            SELECT d.lead_id AS LeadId, d.outcome AS Outcome, d.created_at AS CreatedAt, d.closed_at AS ClosedAt, d.segment AS Segment,
                   (SELECT MIN(x.at) FROM dispositions x WHERE x.lead_id = d.lead_id) AS FirstDisposition
            FROM deals d WHERE d.outcome IN ('won', 'lost')
            ORDER BY d.lead_id, COALESCE(d.created_at, ''), d.deal_id
            """).DistinctBy(d => d.LeadId).ToList();
        var leadsInStore = db.Leads.Count();

        var cases = new List<ReplayCase>(deals.Count);
        var skipped = 0;
        foreach (var chunk in deals.Chunk(1000))
        {
            var leads = db.Leads.GetMany(chunk.Select(d => d.LeadId).ToArray()).ToDictionary(l => l.Lead.LeadId, StringComparer.Ordinal);
            foreach (var deal in chunk)
            {
                if (asOf.For(deal.CreatedAt, deal.ClosedAt, deal.FirstDisposition) is not { } at)
                {
                    skipped++;
                    continue;
                }

                var lead = leads[deal.LeadId].Lead;
                // Point in time: a signal at or after the as-of had not happened yet.
                var known = lead.Signals.Where(s => s.OccurredAt < at).ToArray();
                var segment = segmentColumn is null ? null
                    : segmentColumn.Equals("segment", StringComparison.OrdinalIgnoreCase) ? deal.Segment
                    : lead.Attributes.GetValueOrDefault(segmentColumn);
                cases.Add(new ReplayCase(lead with { Signals = known }, at, deal.Outcome == "won", segment is { Length: > 0 } ? segment : segmentColumn is null ? null : "(none)",
                    lead.Signals.Count - known.Length));
            }

            progress?.Invoke(cases.Count + skipped, deals.Count);
        }

        return new ReplayData(cases, skipped, (int)(leadsInStore - deals.Count), db.Path);
    }

    private sealed class DealRow
    {
        public string LeadId { get; set; } = "";
        public string Outcome { get; set; } = "";
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? ClosedAt { get; set; }
        public string? Segment { get; set; }
        public DateTimeOffset? FirstDisposition { get; set; }
    }
}
