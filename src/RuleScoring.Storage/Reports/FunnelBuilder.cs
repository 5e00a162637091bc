using System.Runtime.InteropServices;
using Dapper;
using RuleScoring.Core.Statistics;
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
            rows.Add(new FunnelRow(stages[i], reached[i], conversion,
                durations.Count == 0 ? null : Percentiles.Median(CollectionsMarshal.AsSpan(durations)), durations.Count));
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

        // Came back: from the first recycle on (that move included), a move into MQL or later. A
        // "qualified again" recycle (a won / lost lead scoring as an MQL) is such a move itself;
        // counting only non-recycle moves after it reported 0 leads qualified again beside 85
        // transitions labelled so.
        var recycled = byLead.Where(l => l.Any(t => t.Recycle)).ToList();
        var cameBack = recycled.Count(l =>
        {
            var list = l.ToList();
            var first = list.FindIndex(t => t.Recycle);
            return list.Skip(first).Any(t => LifecycleStage.Rank(t.ToStage) >= LifecycleStage.Rank(LifecycleStage.Mql));
        });
        var kinds = transitions.Where(t => t.Recycle).GroupBy(RecycleKind, StringComparer.Ordinal)
            .Select(g => (g.Key, (long)g.Count())).OrderByDescending(k => k.Item2).ThenBy(k => k.Key, StringComparer.Ordinal).ToList();
        var dealsLate = transitions.Count(t => !t.Recycle && t.Reason is not null && t.Source.StartsWith("deal:", StringComparison.Ordinal));
        var wonLeads = transitions.Where(t => t.ToStage == LifecycleStage.Won).Select(t => t.LeadId).ToHashSet(StringComparer.Ordinal);
        var wonNotCounted = db.Connection.Query<string>("SELECT DISTINCT lead_id FROM deals WHERE outcome = 'won'").Count(id => !wonLeads.Contains(id));
        return new FunnelReport(rows, byLead.Count(l => l.Any(t => t.ToStage == LifecycleStage.Lost)), byTier, byCohort,
            recycled.Count, cameBack, transitions.Count(t => t.Recycle), transitions.Count, kinds, dealsLate, wonNotCounted);
    }

    private static string RecycleKind(LifecycleTransition t) => t.Source.Split(':')[0] switch
    {
        "disposition" when t.ToStage == LifecycleStage.Inquiry => "rejected by sales",
        "disposition" => "accepted by sales again",
        "score" => "qualified again by score",
        _ => "new opportunity",
    };

    // Not a tuple: an empty result types every column as a blob, which no tuple matches.
    private sealed class TierRow
    {
        public string LeadId { get; set; } = "";
        public string? Tier { get; set; }
    }
}
