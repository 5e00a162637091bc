using System.Globalization;
using RuleScoring.Replay.Metrics;

namespace RuleScoring.Replay.Reports;

/// <summary>
/// The --gate options: when head is worse than base beyond what the team tolerates, the replay
/// fails (exit 1) and says why. A head that empties a tier base filled, or takes MQL or SQL
/// volume to zero, always fails.
/// </summary>
internal sealed record Gate(double? MaxAucDrop, bool TopTierLiftMustHold, double? MaxMqlGrowth)
{
    public bool Any => MaxAucDrop is not null || TopTierLiftMustHold || MaxMqlGrowth is not null;

    public IReadOnlyList<string> Check(ReplayReport r)
    {
        var failures = new List<string>();
        if (MaxAucDrop is { } drop && r.Base.Auc is { } b && r.Head.Auc is { } h && h < b - drop)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"AUC fell {b - h:0.000} ({b:0.000} -> {h:0.000}), more than the {drop:0.000} allowed"));
        }

        if (TopTierLiftMustHold && r.Base.TopTierLift is { } bl && r.Head.TopTierLift is { } hl && hl < bl)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"top tier lift fell ({bl:0.00}x -> {hl:0.00}x)"));
        }

        if (MaxMqlGrowth is { } growth && r.Base.Mql > 0 && (r.Head.Mql - r.Base.Mql) / (double)r.Base.Mql > growth)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"MQL volume grew {(r.Head.Mql - r.Base.Mql) / (double)r.Base.Mql:0.0 %} ({r.Base.Mql:N0} -> {r.Head.Mql:N0}), more than the {growth:0.0 %} sales can absorb"));
        }

        // Always checked: a change that empties a tier (or leaves no lead reaching MQL or SQL) breaks the funnel whatever the AUC says.
        foreach (var tier in r.Base.ByTier.Where(t => t.Group != "all" && t.Leads > 0))
        {
            if (r.Head.ByTier.FirstOrDefault(t => t.Group == tier.Group) is not { Leads: > 0 })
            {
                failures.Add($"tier {tier.Group} emptied: {Format.Count(tier.Leads)} {r.Unit}s under base, none under head");
            }
        }

        foreach (var (name, before, after) in new[] { ("MQL", r.Base.Mql, r.Head.Mql), ("SQL", r.Base.Sql, r.Head.Sql) })
        {
            if (before > 0 && after == 0)
            {
                failures.Add($"{name} volume fell to 0 ({Format.Count(before)} -> 0): no {r.Unit} reaches {name} under head");
            }
        }

        return failures;
    }
}
