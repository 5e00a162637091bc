using Dapper;
using RuleScoring.Core.Outcomes;
using RuleScoring.Core.Rules;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Reports;

/// <summary>
/// Builds the report from what is stored. Conversion is judged on the score a lead had before
/// its opportunity opened (its best one then), never on today's score: today's score has seen
/// the signals that came with the deal and would flatter the model.
/// </summary>
public sealed class ReportBuilder(ScoreDatabase db)
{
    public static readonly double[] TopShares = [0.15, 0.25, 0.35];

    /// <summary>Scored leads of which at least this share tie at one score get a notice beside the ranked figures.</summary>
    public const double LargeTieShare = RankedShares.LargeTieShare;

    /// <param name="rules">Only scores under this rule set count (history may hold older versions).</param>
    /// <param name="bands">model.json's composite bands (default: 50, 60, 70, 80, 90).</param>
    public ScoreReport Build(RuleSetIdentity rules, CompositeBandSetting? bands = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        bands ??= CompositeBandSetting.Default;
        var rulesHash = rules.Hash;
        var now = db.Time.GetUtcNow();
        var connection = db.Connection;
        var tiers = connection.Query<TierCountRow>(
            """
            SELECT COALESCE(c.tier, '-') AS Tier, COUNT(*) AS Leads, COUNT(*) FILTER (WHERE s.is_mql = 1) AS Mql, COUNT(*) FILTER (WHERE s.is_sql = 1) AS Sql
            FROM scores_current c JOIN scores s ON s.id = c.score_id
            WHERE c.rules_hash = @rulesHash
            GROUP BY c.tier ORDER BY c.tier
            """, new { rulesHash }).Select(r => new TierCount(r.Tier, r.Leads, r.Mql, r.Sql)).ToList();
        var scored = tiers.Sum(t => t.Leads);
        var unscored = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM leads") - scored;

        var outcomes = Outcomes(rulesHash);
        var dealsWithoutPriorScore = connection.ExecuteScalar<long>(
            """
            SELECT COUNT(DISTINCT d.lead_id) FROM deals d
            WHERE NOT EXISTS (SELECT 1 FROM scores s WHERE s.lead_id = d.lead_id AND s.rules_id IN (SELECT id FROM rule_versions WHERE rules_hash = @rulesHash)
                              AND (d.created_at IS NULL OR s.as_of <= d.created_at))
            """, new { rulesHash });
        var dealsNeverScored = connection.ExecuteScalar<long>(
            """
            SELECT COUNT(DISTINCT d.lead_id) FROM deals d
            WHERE NOT EXISTS (SELECT 1 FROM scores s WHERE s.lead_id = d.lead_id AND s.rules_id IN (SELECT id FROM rule_versions WHERE rules_hash = @rulesHash))
            """, new { rulesHash });

        var tierOrder = tiers.Select(t => t.Tier).Order(StringComparer.Ordinal).ToList();
        var bandList = ScoreBands.For(outcomes.Select(o => o.Composite).ToList(), bands, out var fellBack);
        var bandsNote = bands.Quantile ? "quantile bands, model.json"
            : fellBack ? $"quantile bands: every score fell in one of the bands at {string.Join(", ", bands.Edges.Select(e => e.ToString(System.Globalization.CultureInfo.InvariantCulture)))}"
            : null;
        var tie = RankedShares.LargestTie(outcomes.Select(o => (o.Composite, false)).ToList()) is { } largest
            ? (largest.Score, Count: (int)Math.Round(largest.Share * outcomes.Count))
            : ((decimal Score, int Count)?)null;
        return new ScoreReport(rules, tiers, scored, unscored,
            OutcomeMetrics.ByTier(outcomes, tierOrder), OutcomeMetrics.ByCompositeBand(outcomes, bandList), OutcomeMetrics.Auc(outcomes),
            TopShares.Select(share => (share, OutcomeMetrics.ShareOfWinsInTop(outcomes, share))).ToList(),
            dealsWithoutPriorScore, Dispositions(rulesHash), Sla(rulesHash, now))
        {
            BandsNote = bandsNote,
            DealsNeverScored = dealsNeverScored,
            LargestTie = tie is { Count: > 1 } t && t.Count >= LargeTieShare * outcomes.Count ? (t.Score, t.Count) : null,
        };
    }

    /// <summary>Each scored lead's best score under these rules before its first opportunity opened (or ever, without one), with how its deals ended.</summary>
    internal List<ScoredOutcome> Outcomes(string rulesHash)
    {
        return db.Connection.Query<OutcomeRow>(
            """
            WITH deal AS (
                SELECT lead_id, MIN(created_at) AS opened,
                       CASE WHEN COUNT(*) FILTER (WHERE outcome = 'won') > 0 THEN 'won' WHEN COUNT(*) FILTER (WHERE outcome = 'lost') > 0 THEN 'lost' ELSE 'open' END AS outcome
                FROM deals GROUP BY lead_id),
            ranked AS (
                SELECT s.lead_id, s.composite, s.tier,
                       ROW_NUMBER() OVER (PARTITION BY s.lead_id ORDER BY s.composite DESC, s.as_of) AS rn
                FROM scores s LEFT JOIN deal d ON d.lead_id = s.lead_id
                WHERE s.rules_id IN (SELECT id FROM rule_versions WHERE rules_hash = @rulesHash) AND (d.opened IS NULL OR s.as_of <= d.opened))
            SELECT r.lead_id AS LeadId, r.composite AS Composite, COALESCE(r.tier, '-') AS Tier, COALESCE(d.outcome, 'none') AS Outcome
            FROM ranked r LEFT JOIN deal d ON d.lead_id = r.lead_id
            WHERE r.rn = 1
            """, new { rulesHash })
            .Select(r => new ScoredOutcome(r.LeadId, (decimal)r.Composite, r.Tier, r.Outcome switch
            {
                "won" => DealOutcome.Won,
                "lost" => DealOutcome.Lost,
                "open" => DealOutcome.Open,
                _ => DealOutcome.None,
            }))
            .ToList();
    }

    private IReadOnlyList<DispositionRow> Dispositions(string rulesHash)
    {
        // The tier a lead had when sales judged it: its latest score at or before the disposition.
        var rows = db.Connection.Query<DispositionQueryRow>(
            """
            SELECT COALESCE((SELECT s.tier FROM scores s
                             WHERE s.lead_id = x.lead_id AND s.rules_id IN (SELECT id FROM rule_versions WHERE rules_hash = @rulesHash) AND s.as_of <= x.at
                             ORDER BY s.as_of DESC, s.id DESC LIMIT 1), '-') AS Tier,
                   x.status AS Status, COALESCE(NULLIF(x.reason, ''), '(no reason)') AS Reason, COUNT(*) AS Count
            FROM dispositions x
            GROUP BY 1, 2, 3
            """, new { rulesHash }).Select(r => new DispositionCount(r.Tier, r.Status, r.Reason, r.Count));
        return OutcomeMetrics.ByDispositionTier(rows);
    }

    private List<SlaRow> Sla(string rulesHash, DateTimeOffset now)
    {
        return db.Connection.Query<SlaQueryRow>(
            """
            WITH task AS (
                SELECT t.tier, t.due_at, t.status,
                       COALESCE(t.worked_at, (SELECT MIN(x.at) FROM dispositions x WHERE x.lead_id = t.lead_id AND x.at >= t.opened_at)) AS worked_at
                FROM sla_tasks t JOIN scores s ON s.id = t.score_id
                WHERE s.rules_id IN (SELECT id FROM rule_versions WHERE rules_hash = @rulesHash))
            SELECT tier AS Tier, COUNT(*) AS Tasks,
                   COUNT(*) FILTER (WHERE worked_at IS NOT NULL AND worked_at <= due_at) AS WorkedInTime,
                   COUNT(*) FILTER (WHERE worked_at IS NOT NULL AND worked_at > due_at) AS WorkedLate,
                   COUNT(*) FILTER (WHERE worked_at IS NULL AND due_at < @now) AS Breached,
                   COUNT(*) FILTER (WHERE worked_at IS NULL AND due_at >= @now) AS OpenInTime
            FROM task GROUP BY tier ORDER BY tier
            """, new { rulesHash, now })
            .Select(r => new SlaRow(r.Tier, r.Tasks, r.WorkedInTime, r.WorkedLate, r.Breached, r.OpenInTime))
            .ToList();
    }

    // Classes with setters, not positional records: on an empty result SQLite reports every
    // column as a blob, and Dapper then finds no constructor to match (the crash on a database
    // with no dispositions, no SLA tasks or no scores).
    private sealed class TierCountRow
    {
        public string Tier { get; set; } = "";
        public long Leads { get; set; }
        public long Mql { get; set; }
        public long Sql { get; set; }
    }

    private sealed class OutcomeRow
    {
        public string LeadId { get; set; } = "";
        public double Composite { get; set; }
        public string Tier { get; set; } = "";
        public string Outcome { get; set; } = "";
    }

    private sealed class DispositionQueryRow
    {
        public string Tier { get; set; } = "";
        public string Status { get; set; } = "";
        public string Reason { get; set; } = "";
        public long Count { get; set; }
    }

    private sealed class SlaQueryRow
    {
        public string Tier { get; set; } = "";
        public long Tasks { get; set; }
        public long WorkedInTime { get; set; }
        public long WorkedLate { get; set; }
        public long Breached { get; set; }
        public long OpenInTime { get; set; }
    }
}
