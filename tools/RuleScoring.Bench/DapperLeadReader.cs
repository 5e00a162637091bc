using Dapper;
using RuleScoring.Core.Leads;
using RuleScoring.Storage.Database;

namespace RuleScoring.Bench;

/// <summary>
/// The lead reader as it was before the lean one (a8e7276's LeadStore.ReadPage): Dapper mapping
/// by name, signals grouped and sorted in memory. The rescore bench times both in the same run,
/// taking turns, so the ratio does not depend on what else the machine is doing.
/// </summary>
internal static class DapperLeadReader
{
    public static long ReadAll(ScoreDatabase db, DateTimeOffset asOf)
    {
        long read = 0;
        string? after = null;
        while (true)
        {
            var rows = db.Connection.Query<LeadRow>("""
                SELECT lead_id AS LeadId, attributes AS Attributes, created_at AS CreatedAt
                FROM leads WHERE lead_id > @After AND (leads.created_at IS NULL OR leads.created_at <= @AsOf) ORDER BY lead_id LIMIT @Limit
                """, new { After = after ?? "", Limit = 1000, AsOf = asOf }).ToList();
            if (rows.Count == 0)
            {
                return read;
            }

            var byLead = db.Connection.Query<SignalRow>("""
                    SELECT lead_id AS LeadId, seq AS Seq, type AS Type, occurred_at AS OccurredAt, event_id AS EventId,
                           topic AS Topic, value AS Value, source AS Source
                    FROM signals WHERE lead_id >= @First AND lead_id <= @Last
                    """, new { First = rows[0].LeadId, Last = rows[^1].LeadId })
                .GroupBy(s => s.LeadId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Seq).ToList(), StringComparer.Ordinal);
            foreach (var row in rows)
            {
                var signals = byLead.GetValueOrDefault(row.LeadId) ?? [];
                var lead = new Lead(row.LeadId, Attributes(row.Attributes),
                    signals.Select(s => new Signal(s.Type, s.OccurredAt, s.EventId, s.Topic, s.Value, s.Source)).ToArray());
                read += lead.Signals.Count >= 0 ? 1 : 0;
            }

            after = rows[^1].LeadId;
        }
    }

    private static Dictionary<string, string> Attributes(string json)
    {
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            attributes[property.Name] = property.Value.ValueKind == System.Text.Json.JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }

        return attributes;
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
