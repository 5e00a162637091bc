using RuleScoring.Core.Outcomes;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Statistics;
using RuleScoring.Replay.Data;
using RuleScoring.Replay.Metrics;

namespace RuleScoring.Replay.Calibration;

/// <summary>
/// Suggests points from outcomes, in the open: a logistic regression of won/lost on which rules
/// fired (L2-regularised, so rare and overlapping rules are pulled towards zero), each weight
/// scaled into its dimension's current point range. Rules that fired on too few deals, or missed
/// too few, keep their points, with a note. Disqualifiers are policy, not weights: never suggested.
/// </summary>
internal static class Calibrator
{
    public static readonly double[] TopTierShares = [0.05, 0.10, 0.15, 0.20, 0.25];
    private const double ChanceMargin = 3;

    public static CalibrationReport Build(RuleSet rules, string rulesSource, ReplayData data, IReadOnlyList<ScoreCard> cards, string asOf, CalibrateSettings settings,
        DispositionSummary dispositions)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        var cases = data.Cases;
        var won = cases.Select(c => c.Won).ToList();
        var times = cases.Select(c => c.AsOf).ToList();
        var stats = RuleStatsCalculator.Compute(rules, cards.Select((c, i) => (c, won[i])).ToList());
        var scoring = rules.ScoringRules.ToList();
        var fired = cards.Select(c =>
        {
            var codes = c.Reasons.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
            return scoring.Select(r => codes.Contains(r.Name) ? 1f : 0f).ToArray();
        }).ToList();
        var (rulesAuc, rulesAucError, weights) = LogisticFit.Fit(fired, won, times, normalise: false);
        var leads = cases.Select(c => c.Lead).ToList();
        var present = leads.SelectMany(l => l.Attributes.Keys).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var leaky = settings.IncludeLeaky ? [] : rules.LeakyFields.Where(present.Contains).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var excluded = (settings.Excluded ?? new HashSet<string>()).Concat(leaky).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var (raw, fields) = RawFeatures.Build(leads, excluded);
        var (rawAuc, _, _) = LogisticFit.Fit(raw, won, times, normalise: true);

        // Scaling weights to the point range would blow noise up to full-size points: when the
        // rules cannot tell won from lost out of sample, beyond what chance gives on this many
        // deals, there is nothing to calibrate from. The error is the larger of the folds' own
        // spread and Hanley-McNeil's for the whole sample, and the bar is three of them: rewriting
        // weights from noise costs more than waiting for more deals (two let 1 in 50 noise runs through).
        var wins = won.Count(w => w);
        var informative = rulesAuc is { } cv && cv - ChanceMargin * Math.Max(rulesAucError, StandardErrors.OfAuc(cv, wins, won.Count - wins)) > 0.5;
        var suggestions = new List<RuleSuggestion>();
        foreach (var dimension in scoring.GroupBy(r => r.Dimension, StringComparer.Ordinal))
        {
            var members = dimension.Select(r => (Rule: r, Index: scoring.IndexOf(r), Stats: stats.First(s => s.Rule == r.Name))).ToList();
            var weighable = members.Where(m => !m.Rule.Disqualify && Unweighable(m.Stats.Fired, cases.Count, settings) is null && weights.Count > 0).ToList();
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
                else if (Unweighable(ruleStats.Fired, cases.Count, settings) is { } why)
                {
                    suggestions.Add(new RuleSuggestion(rule.Name, rule.Dimension, rule.Points, weight, rule.Points, false, why));
                }
                else if (weight is null || maxWeight == 0)
                {
                    suggestions.Add(new RuleSuggestion(rule.Name, rule.Dimension, rule.Points, weight, rule.Points, false, "no weight from the regression: keep"));
                }
                else
                {
                    var scaled = Math.Round((decimal)(weight.Value / maxWeight) * maxPoints, MidpointRounding.AwayFromZero);
                    var suggested = scaled == 0 ? Math.Sign(weight.Value) is var s && s == 0 ? rule.Points : s : scaled;
                    var flip = Math.Sign(suggested) != Math.Sign(rule.Points);
                    var note = (flip, ruleStats.Phi is { } phi && Math.Sign(phi) != Math.Sign(suggested) && Math.Abs(phi) >= 0.05) switch
                    {
                        (true, true) => "sign flips, and the rule's own correlation disagrees: it overlaps other rules; shown, written only with --allow-sign-flips",
                        (_, true) => "regression and the rule's own correlation disagree: it overlaps other rules; read with care",
                        (true, _) => "sign flips: winning goes the other way from what the rule assumes; shown, written only with --allow-sign-flips",
                        _ => "",
                    };
                    suggestions.Add(new RuleSuggestion(rule.Name, rule.Dimension, rule.Points, weight, suggested, true, note, flip));
                }
            }
        }

        var outcomes = cards.Select((c, i) => new ScoredOutcome(cases[i].Lead.LeadId, c.Composite, c.Tier?.Tier ?? "-", won[i] ? DealOutcome.Won : DealOutcome.Lost)).ToList();
        var distinctTimes = times.Distinct().Count();
        var crossValidation = $"forward-chaining by time: deals ordered by their point in time, {LogisticFit.Folds} folds each fitted on all earlier deals and scored on the next block"
            + (distinctTimes == 1 ? " (every deal has the same point in time here, so the blocks follow the deals' order in the data)" : "");
        return new CalibrationReport(rulesSource, rules.Identity.Version, data.Source, asOf, cases.Count, wins,
            OutcomeMetrics.Auc(outcomes), rulesAuc, rawAuc, raw.Count == 0 ? 0 : raw[0].Length, fields, leaky, crossValidation, stats, suggestions,
            settings.Capacity, Thresholds(outcomes, cases, settings.Capacity), MetricsBuilder.TopFractions.Select(f => new TopShare(f, OutcomeMetrics.ShareOfWinsInTop(outcomes, f))).ToList(),
            TopVsBottom(outcomes), dispositions);
    }

    /// <summary>
    /// Why a rule's weight cannot be read from these deals, or null when it can. A rule that fires on
    /// (almost) every deal, or on (almost) none, is confounded with the intercept: the regression can
    /// give it any sign and size, and the points scaled from it are noise (a rule on 100 % of deals
    /// was once suggested to flip from +40 to -40).
    /// </summary>
    internal static string? Unweighable(int fired, int deals, CalibrateSettings settings)
    {
        var share = deals == 0 ? 0 : fired / (double)deals;
        var missed = deals - fired;
        if (fired == 0)
        {
            return "never fired on these deals: keep";
        }

        if (missed == 0 || share > 1 - settings.MinShare || missed < settings.MinFired)
        {
            return $"fires on almost every deal ({share:0.0 %}, {fired} of {deals}; missed on {missed}): too few deals without it to weigh it against, its weight is noise: keep";
        }

        if (fired < settings.MinFired || share < settings.MinShare)
        {
            return $"fires on almost no deal ({share:0.0 %}, {fired} of {deals}; fewer than {settings.MinFired} or {settings.MinShare:0.#%}): too little evidence, keep";
        }

        return null;
    }

    private static List<ThresholdOption> Thresholds(IReadOnlyList<ScoredOutcome> outcomes, IReadOnlyList<ReplayCase> cases, double capacity)
    {
        var baseRate = outcomes.Count(o => o.Outcome == DealOutcome.Won) / (double)Math.Max(1, outcomes.Count);
        var span = cases.Max(c => c.AsOf) - cases.Min(c => c.AsOf);
        var months = span.TotalDays >= 30 ? span.TotalDays / 30.44 : (double?)null;
        var scores = outcomes.Select(o => o.Composite).ToList();
        var shares = TopTierShares.Where(s => s <= capacity + 1e-9).ToList();
        if (!shares.Any(s => Math.Abs(s - capacity) < 1e-9))
        {
            shares.Add(capacity);
        }

        return shares.Select(share =>
        {
            // A threshold takes a whole group of equal scores or none of it: the highest cut-off that stays within the share.
            var (cutoff, deals) = RankedShares.CutoffWithin(scores, share);
            if (cutoff is null)
            {
                return new ThresholdOption(share, null, 0, 0, null, null, months is null ? null : 0);
            }

            var inTier = outcomes.Where(o => o.Composite >= cutoff).ToList();
            var winRate = inTier.Count(o => o.Outcome == DealOutcome.Won) / (double)inTier.Count;
            return new ThresholdOption(share, cutoff, deals / (double)outcomes.Count, deals, winRate, baseRate == 0 ? null : winRate / baseRate, months is { } m ? deals / m : null);
        }).ToList();
    }

    /// <summary>MadKudu's second benchmark: how much better the top fifth of deals by score converts than the bottom fifth.</summary>
    private static double? TopVsBottom(IReadOnlyList<ScoredOutcome> outcomes)
    {
        var fifth = outcomes.Count / 5;
        if (fifth == 0)
        {
            return null;
        }

        // Tied scores share the fifth they straddle: ordering them by lead id would make a model of ties.
        var deals = outcomes.Select(o => (o.Composite, o.Outcome == DealOutcome.Won)).ToList();
        var top = RankedShares.WinsAtTheEnd(deals, fifth, highest: true) / fifth;
        var bottom = RankedShares.WinsAtTheEnd(deals, fifth, highest: false) / fifth;
        return bottom == 0 ? null : top / bottom;
    }
}
