using RuleScoring.Core.Outcomes;
using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Database;

namespace RuleScoring.Replay.Calibration;

/// <summary>
/// The closed loop in calibrate: each disposition is put in the tier the rules being calibrated
/// give the lead at the disposition's time (signals before it only, as replay does), not the
/// tier a stored score had: --data has no stored scores, and stored ones may be under other rules.
/// Counting is <see cref="OutcomeMetrics.ByDispositionTier"/>, the same as `report`.
/// </summary>
internal static class DispositionLoop
{
    public const int TopReasonsOverall = 5;

    public static DispositionSummary Build(ScoreDatabase db, LeadScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scorer);
        var rows = db.Outcomes.Dispositions();
        var counts = new List<DispositionCount>(rows.Count);
        foreach (var chunk in rows.Chunk(1000))
        {
            var leads = db.Leads.GetMany(chunk.Select(r => r.LeadId).Distinct(StringComparer.Ordinal).ToArray())
                .ToDictionary(l => l.Lead.LeadId, l => l.Lead, StringComparer.Ordinal);
            var tiers = new string[chunk.Length];
            Parallel.For(0, chunk.Length, i =>
            {
                var row = chunk[i];
                var lead = leads[row.LeadId];
                var known = lead with { Signals = lead.Signals.Where(s => s.OccurredAt < row.At).ToArray() };
                tiers[i] = scorer.Score(known, row.At).Tier?.Tier ?? "-";
            });
            counts.AddRange(chunk.Select((r, i) => new DispositionCount(tiers[i], r.Status, string.IsNullOrEmpty(r.Reason) ? "(no reason)" : r.Reason, 1)));
        }

        return new DispositionSummary(
            OutcomeMetrics.ByDispositionTier(counts),
            OutcomeMetrics.ByDispositionTier(counts.Select(c => c with { Tier = "all" }), TopReasonsOverall).SingleOrDefault());
    }
}
