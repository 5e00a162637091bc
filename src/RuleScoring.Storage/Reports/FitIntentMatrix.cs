using Dapper;
using RuleScoring.Core.Rules;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Reports;

/// <summary>
/// The playbook's fit x intent matrix: each lead placed by its best score before its first
/// opportunity opened (so the deal itself cannot lift it), split at model.json's reports
/// thresholds; counts and win rates (won / closed) per quadrant.
/// </summary>
public static class FitIntentMatrix
{
    public static IReadOnlyList<FitIntentCell> Build(ScoreDatabase db, RuleSetIdentity rules, ReportThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(thresholds);
        var rows = db.Connection.Query<Row>(
            """
            WITH deal AS (
                SELECT lead_id, MIN(created_at) AS opened,
                       CASE WHEN COUNT(*) FILTER (WHERE outcome = 'won') > 0 THEN 'won' WHEN COUNT(*) FILTER (WHERE outcome = 'lost') > 0 THEN 'lost' ELSE 'open' END AS outcome
                FROM deals GROUP BY lead_id),
            ranked AS (
                SELECT s.lead_id, s.fit_score, s.intent_score,
                       ROW_NUMBER() OVER (PARTITION BY s.lead_id ORDER BY s.composite DESC, s.as_of) AS rn
                FROM scores s LEFT JOIN deal d ON d.lead_id = s.lead_id
                WHERE s.rules_id IN (SELECT id FROM rule_versions WHERE rules_hash = @Hash) AND (d.opened IS NULL OR s.as_of <= d.opened))
            SELECT r.fit_score AS Fit, r.intent_score AS Intent, COALESCE(d.outcome, 'none') AS Outcome
            FROM ranked r LEFT JOIN deal d ON d.lead_id = r.lead_id
            WHERE r.rn = 1
            """, new { rules.Hash }).ToList();
        var cells = new List<FitIntentCell>();
        foreach (var highFit in new[] { true, false })
        {
            foreach (var highIntent in new[] { true, false })
            {
                var inCell = rows.Where(r => r.Fit >= (double)thresholds.HighFit == highFit && r.Intent >= (double)thresholds.HighIntent == highIntent).ToList();
                cells.Add(new FitIntentCell(highFit, highIntent, inCell.Count, inCell.Count(r => r.Outcome == "won"), inCell.Count(r => r.Outcome == "lost")));
            }
        }

        return cells;
    }

    // Not a tuple: an empty result types every column as a blob, which no tuple matches.
    private sealed class Row
    {
        public double Fit { get; set; }
        public double Intent { get; set; }
        public string Outcome { get; set; } = "";
    }
}
