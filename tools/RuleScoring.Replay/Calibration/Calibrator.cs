using RuleScoring.Core.Outcomes;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Replay.Data;
using RuleScoring.Replay.Metrics;

namespace RuleScoring.Replay.Calibration;

/// <summary>
/// Suggests points from outcomes, in the open: a logistic regression of won/lost on which rules
/// fired (L2-regularised, so rare and overlapping rules are pulled towards zero), each weight
/// scaled into its dimension's current point range. Rules that fired too rarely keep their
/// points, with a note. Disqualifiers are policy, not weights: never suggested.
/// </summary>
internal static class Calibrator
{
    public static readonly double[] TopTierShares = [0.05, 0.10, 0.15, 0.20, 0.25];
    private const double ChanceMargin = 3;

    public static CalibrationReport Build(RuleSet rules, string rulesSource, ReplayData data, IReadOnlyList<ScoreCard> cards, string asOf, int minFired, IReadOnlySet<string> excludedFields,
        DispositionSummary dispositions)
    {
        var cases = data.Cases;
        var won = cases.Select(c => c.Won).ToList();
        var stats = RuleStatsCalculator.Compute(rules, cards.Select((c, i) => (c, won[i])).ToList());
        var scoring = rules.ScoringRules.ToList();
        var fired = cards.Select(c =>
        {
            var codes = c.Reasons.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
            return scoring.Select(r => codes.Contains(r.Name) ? 1f : 0f).ToArray();
        }).ToList();
        var (rulesAuc, rulesAucError, weights) = LogisticFit.Fit(fired, won, normalise: false);
        var (raw, fields) = RawFeatures.Build(cases.Select(c => c.Lead).ToList(), excludedFields);
        var (rawAuc, _, _) = LogisticFit.Fit(raw, won, normalise: true);

        // Scaling weights to the point range would blow noise up to full-size points: when the
        // rules cannot tell won from lost out of sample, beyond what chance gives on this many
        // deals, there is nothing to calibrate from. The error is the larger of the folds' own
        // spread and Hanley-McNeil's for the whole sample, and the bar is three of them: rewriting
        // weights from noise costs more than waiting for more deals (two let 1 in 50 noise runs through).
        var wins = won.Count(w => w);
        var informative = rulesAuc is { } cv && cv - ChanceMargin * Math.Max(rulesAucError, AucStandardError(cv, wins, won.Count - wins)) > 0.5;
        var suggestions = new List<RuleSuggestion>();
        foreach (var dimension in scoring.GroupBy(r => r.Dimension, StringComparer.Ordinal))
        {
            var members = dimension.Select(r => (Rule: r, Index: scoring.IndexOf(r), Stats: stats.First(s => s.Rule == r.Name))).ToList();
            var weighable = members.Where(m => !m.Rule.Disqualify && m.Stats.Fired >= minFired && weights.Count > 0).ToList();
            var maxWeight = weighable.Count == 0 ? 0 : weighable.Max(m => Math.Abs(weights[m.Index]));
            var maxPoints = members.Where(m => !m.Rule.Disqualify).Select(m => Math.Abs(m.Rule.Points)).DefaultIfEmpty(0).Max();
            foreach (var (rule, index, ruleStats) in members)
            {
                double? weight = weights.Count > 0 ? weights[index] : null;
                if (rule.Disqualify)
                {
                    suggestions.Add(new RuleSuggestion(rule.Name, rule.Dimension, rule.Points, weight, rule.Points, false, "disqualifier: policy, not a weight"));
                }
                else if (!informative)
                {
                    suggestions.Add(new RuleSuggestion(rule.Name, rule.Dimension, rule.Points, weight, rule.Points, false,
                        $"the rules do not separate won from lost on these deals beyond chance (cross-validated AUC {rulesAuc:0.000} on {won.Count} deals): keep"));
                }
                else if (ruleStats.Fired < minFired || weight is null || maxWeight == 0)
                {
                    suggestions.Add(new RuleSuggestion(rule.Name, rule.Dimension, rule.Points, weight, rule.Points, false,
                        ruleStats.Fired == 0 ? "never fired on these deals: keep" : $"rare (fired {ruleStats.Fired} times, fewer than {minFired}): too little evidence, keep"));
                }
                else
                {
                    var scaled = Math.Round((decimal)(weight.Value / maxWeight) * maxPoints, MidpointRounding.AwayFromZero);
                    var suggested = scaled == 0 ? Math.Sign(weight.Value) is var s && s == 0 ? rule.Points : s : scaled;
                    var note = (Math.Sign(suggested) != Math.Sign(rule.Points), ruleStats.Phi is { } phi && Math.Sign(phi) != Math.Sign(suggested) && Math.Abs(phi) >= 0.05) switch
                    {
                        (_, true) => "regression and the rule's own correlation disagree: it overlaps other rules; read with care",
                        (true, _) => "sign flips: winning goes the other way from what the rule assumes",
                        _ => "",
                    };
                    suggestions.Add(new RuleSuggestion(rule.Name, rule.Dimension, rule.Points, weight, suggested, true, note));
                }
            }
        }

        var outcomes = cards.Select((c, i) => new ScoredOutcome(cases[i].Lead.LeadId, c.Composite, c.Tier?.Tier ?? "-", won[i] ? DealOutcome.Won : DealOutcome.Lost)).ToList();
        return new CalibrationReport(rulesSource, rules.Identity.Version, data.Source, asOf, cases.Count, won.Count(w => w),
            OutcomeMetrics.Auc(outcomes), rulesAuc, rawAuc, raw.Count == 0 ? 0 : raw[0].Length, fields, stats, suggestions,
            Thresholds(outcomes, cases), MetricsBuilder.TopFractions.Select(f => new TopShare(f, OutcomeMetrics.ShareOfWinsInTop(outcomes, f))).ToList(),
            TopVsBottom(outcomes), dispositions);
    }

    private static List<ThresholdOption> Thresholds(IReadOnlyList<ScoredOutcome> outcomes, IReadOnlyList<ReplayCase> cases)
    {
        var ranked = outcomes.OrderByDescending(o => o.Composite).ThenBy(o => o.LeadId, StringComparer.Ordinal).ToList();
        var baseRate = outcomes.Count(o => o.Outcome == DealOutcome.Won) / (double)Math.Max(1, outcomes.Count);
        var span = cases.Max(c => c.AsOf) - cases.Min(c => c.AsOf);
        var months = span.TotalDays >= 30 ? span.TotalDays / 30.44 : (double?)null;
        return TopTierShares.Select(share =>
        {
            var cutoff = ranked[Math.Max(0, (int)Math.Ceiling(ranked.Count * share) - 1)].Composite;
            // Everything at or above the cut-off is in: ties at the cut go in together, as a threshold would put them.
            var inTier = outcomes.Where(o => o.Composite >= cutoff).ToList();
            var winRate = inTier.Count(o => o.Outcome == DealOutcome.Won) / (double)Math.Max(1, inTier.Count);
            return new ThresholdOption(share, cutoff, inTier.Count, winRate, baseRate == 0 ? 0 : winRate / baseRate, months is { } m ? inTier.Count / m : null);
        }).ToList();
    }

    /// <summary>Hanley and McNeil's (1982) standard error of an AUC from <paramref name="won"/> and <paramref name="lost"/> cases.</summary>
    internal static double AucStandardError(double auc, int won, int lost)
    {
        if (won == 0 || lost == 0)
        {
            return double.PositiveInfinity;
        }

        var q1 = auc / (2 - auc);
        var q2 = 2 * auc * auc / (1 + auc);
        return Math.Sqrt((auc * (1 - auc) + (won - 1) * (q1 - auc * auc) + (lost - 1) * (q2 - auc * auc)) / ((double)won * lost));
    }

    /// <summary>MadKudu's second benchmark: how much better the top fifth of deals by score converts than the bottom fifth.</summary>
    private static double? TopVsBottom(IReadOnlyList<ScoredOutcome> outcomes)
    {
        var ranked = outcomes.OrderByDescending(o => o.Composite).ThenBy(o => o.LeadId, StringComparer.Ordinal).ToList();
        var fifth = ranked.Count / 5;
        if (fifth == 0)
        {
            return null;
        }

        var top = ranked.Take(fifth).Count(o => o.Outcome == DealOutcome.Won) / (double)fifth;
        var bottom = ranked.Skip(ranked.Count - fifth).Count(o => o.Outcome == DealOutcome.Won) / (double)fifth;
        return bottom == 0 ? null : top / bottom;
    }
}
