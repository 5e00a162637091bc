using Dapper;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Lifecycle;

namespace RuleScoring.Storage.Reports;

/// <summary>Builds the <see cref="FunnelReport"/> from lifecycle_transitions (run <see cref="LifecycleStore.Update"/> first).</summary>
public sealed class FunnelBuilder(ScoreDatabase db)
{
    public FunnelReport Build()
    {
        var transitions = db.Lifecycle.All();
        var tiers = db.Connection.Query<TierRow>("SELECT lead_id AS LeadId, tier AS Tier FROM scores_current")
            .ToDictionary(r => r.LeadId, r => r.Tier ?? "-", StringComparer.Ordinal);
        var byLead = transitions.GroupBy(t => t.LeadId, StringComparer.Ordinal).ToList();
        var stages = LifecycleStage.Funnel;

        bool Reached(IEnumerable<LifecycleTransition> lead, string stage) => stage == LifecycleStage.Won
            ? lead.Any(t => t.ToStage == LifecycleStage.Won)
            : lead.Any(t => LifecycleStage.Rank(t.ToStage) >= LifecycleStage.Rank(stage));

        var reached = stages.Select(s => (long)byLead.Count(l => Reached(l, s))).ToList();
        var rows = new List<FunnelRow>();
        for (var i = 0; i < stages.Count; i++)
        {
            var durations = new List<double>();
            foreach (var lead in byLead)
            {
                var list = lead.ToList();
                for (var j = 0; j < list.Count - 1; j++)
                {
                    if (list[j].ToStage == stages[i])
                    {
                        durations.Add((list[j + 1].At - list[j].At).TotalDays);
                    }
                }
            }

            double? conversion = i + 1 < stages.Count && reached[i] > 0 ? reached[i + 1] / (double)reached[i] : null;
            rows.Add(new FunnelRow(stages[i], reached[i], conversion, Median(durations), durations.Count));
        }

        FunnelSegment Segment(string name, IEnumerable<IGrouping<string, LifecycleTransition>> leads)
        {
            var list = leads.ToList();
            return new FunnelSegment(name, stages.Select(s => (long)list.Count(l => Reached(l, s))).ToList());
        }

        var byTier = byLead.GroupBy(l => tiers.GetValueOrDefault(l.Key, "-"), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Segment(g.Key, g)).ToList();
        var byCohort = byLead.GroupBy(l => l.First().At.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Segment(g.Key, g)).ToList();

        var recycled = byLead.Where(l => l.Any(t => t.Recycle)).ToList();
        var cameBack = recycled.Count(l =>
        {
            var list = l.ToList();
            var first = list.FindIndex(t => t.Recycle);
            return list.Skip(first + 1).Any(t => !t.Recycle && LifecycleStage.Rank(t.ToStage) >= LifecycleStage.Rank(LifecycleStage.Mql));
        });
        return new FunnelReport(rows, byLead.Count(l => l.Any(t => t.ToStage == LifecycleStage.Lost)), byTier, byCohort,
            recycled.Count, cameBack, transitions.Count(t => t.Recycle), transitions.Count);
    }

    private static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    // Not a tuple: an empty result types every column as a blob, which no tuple matches.
    private sealed class TierRow
    {
        public string LeadId { get; set; } = "";
        public string? Tier { get; set; }
    }
}
