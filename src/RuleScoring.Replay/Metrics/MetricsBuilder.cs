using System.Globalization;
using RuleScoring.Core.Outcomes;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Statistics;
using RuleScoring.Replay.Data;

namespace RuleScoring.Replay.Metrics;

/// <summary>Turns replayed deals into the report's numbers. Deterministic: the bootstrap is seeded.</summary>
internal static class MetricsBuilder
{
    public static readonly double[] TopFractions = [0.15, 0.25, 0.35];
    private const int RecentN = 50;
    private const int Resamples = 200;
    private const int PairedResamples = 500;

    public static ReplayReport Build(ReplayData data, IReadOnlyList<ReplayedCase> cases, (string Source, RuleSet Rules) @base, (string Source, RuleSet Rules) head,
        string asOf, string? segmentColumn)
    {
        // Tiers best first: by the mean composite of their deals under either version (tier names are the rules' business).
        var tierOrder = cases.SelectMany(c => new[] { (c.BaseTier, c.Base.Score), (c.HeadTier, c.Head.Score) })
            .GroupBy(t => t.Item1, StringComparer.Ordinal)
            .OrderByDescending(g => g.Average(t => t.Item2)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).ToList();
        // One set of bands for both versions (rows side by side), from head's model.json like
        // report's, cut over both versions' scores so a quantile band means the same on each side.
        var bands = ScoreBands.For(cases.SelectMany(c => new[] { c.Base.Score, c.Head.Score }).ToList(), head.Rules.Bands, out var fellBack);
        var bandsNote = head.Rules.Bands.Quantile ? "quantile bands, head's model.json"
            : fellBack ? $"quantile bands: every score fell in one of the bands at {string.Join(", ", head.Rules.Bands.Edges.Select(e => e.ToString(CultureInfo.InvariantCulture)))}"
            : null;
        var baseMetrics = ForVersion("base", @base.Source, @base.Rules, ScoringRules(@base.Rules, data.Level), cases, c => c.Base, tierOrder, bands);
        var headMetrics = ForVersion("head", head.Source, head.Rules, ScoringRules(head.Rules, data.Level), cases, c => c.Head, tierOrder, bands);

        var migration = cases.GroupBy(c => (c.BaseTier, c.HeadTier))
            .Select(g => new MigrationCell(g.Key.BaseTier, g.Key.HeadTier, g.Count(), g.Count(c => c.Case.Won)))
            .OrderBy(m => tierOrder.IndexOf(m.BaseTier)).ThenBy(m => tierOrder.IndexOf(m.HeadTier)).ToList();
        var movers = cases.Where(c => c.Base.Score != c.Head.Score || c.TierMoved)
            .OrderByDescending(c => Math.Abs(c.Head.Score - c.Base.Score)).ThenBy(c => c.Case.Id, StringComparer.Ordinal)
            .Take(10)
            .Select(c => new Mover(c.Case.Id, c.Case.Won, c.Base.Score, c.BaseTier, c.Head.Score, c.HeadTier, ReasonChanges(c.Base, c.Head)))
            .ToList();
        var segments = segmentColumn is null ? [] : cases.GroupBy(c => c.Case.Segment ?? "(none)", StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SegmentRow(g.Key, g.Count(), g.Count(c => c.Case.Won),
                OutcomeMetrics.Auc(Outcomes(g, c => c.Base)), OutcomeMetrics.Auc(Outcomes(g, c => c.Head)),
                TierLift(Outcomes(g, c => c.Base), baseMetrics.TopTier), TierLift(Outcomes(g, c => c.Head), headMetrics.TopTier)))
            .ToList();
        var won = cases.Count(c => c.Case.Won);
        return new ReplayReport(data.Source, asOf, cases.Count, won, cases.Count - won, data.SkippedNoDate, data.OpenOrNoDeal,
            cases.Sum(c => c.Case.SignalsLeftOut), baseMetrics, headMetrics, tierOrder, migration, cases.Count(c => c.TierMoved), movers, segments, segmentColumn, [], data.Level, data.NoAccount)
        {
            PairedAucDifference = PairedAucDifference(cases.Select(c => (c.Base.Score, c.Head.Score, c.Case.Won)).ToList()),
            LeftOut = data.LeftOut,
            AsOfFromLeadCreation = data.AsOfFromLeadCreation,
            Period = data.Period.Describe(),
            BandsNote = bandsNote,
        };
    }

    private static IReadOnlyList<(string Name, string Dimension, decimal Points)> ScoringRules(RuleSet rules, ReplayLevel level) => level == ReplayLevel.Account
        ? RuleStatsCalculator.AccountRules(rules.Accounts ?? throw new ArgumentException($"{rules.Directory} has no account model", nameof(rules)))
        : RuleStatsCalculator.LeadRules(rules);

    private static VersionMetrics ForVersion(string side, string source, RuleSet rules, IReadOnlyList<(string Name, string Dimension, decimal Points)> scoringRules,
        IReadOnlyList<ReplayedCase> cases, Func<ReplayedCase, ReplayScore> card, IReadOnlyList<string> tierOrder, IReadOnlyList<ScoreBand> bands)
    {
        var outcomes = Outcomes(cases, card);
        var ranked = cases.Select(c => (card(c).Score, c.Case.Won)).ToList();
        var byTier = OutcomeMetrics.ByTier(outcomes, tierOrder);
        var topTier = byTier.FirstOrDefault(r => r.Group != "all" && r.Leads > 0)?.Group;
        var (low, high) = AucInterval(ranked);
        var recent = cases.OrderByDescending(c => c.Case.AsOf).ThenBy(c => c.Case.Id, StringComparer.Ordinal).ToList();
        var recentWon = recent.Where(c => c.Case.Won).Take(RecentN).Select(c => (double)card(c).Score).ToList();
        var recentLost = recent.Where(c => !c.Case.Won).Take(RecentN).Select(c => (double)card(c).Score).ToList();

        var errors = cases.SelectMany(c => card(c).Errors)
            .GroupBy(e => e.Split(':')[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var ruleStats = RuleStatsCalculator.Compute(scoringRules, cases.Select(c => (card(c).Reasons.Select(r => r.Code), c.Case.Won)).ToList(), errors);

        return new VersionMetrics(side, source, rules.Identity.Name, rules.Identity.Version, rules.Identity.ShortHash,
            OutcomeMetrics.Auc(outcomes), low, high, byTier, OutcomeMetrics.ByCompositeBand(outcomes, bands),
            TopFractions.Select(f => new TopShare(f, RankedShares.ShareOfWinsInTop(ranked, f))).ToList(),
            Mean(cases.Where(c => c.Case.Won).Select(c => (double)card(c).Score)), Mean(cases.Where(c => !c.Case.Won).Select(c => (double)card(c).Score)),
            RecentN, recentWon.Count == 0 ? null : recentWon.Average(), recentLost.Count == 0 ? null : recentLost.Average(),
            topTier, byTier.FirstOrDefault(r => r.Group == topTier)?.Lift,
            cases.Count(c => card(c).Mql), cases.Count(c => card(c).Sql),
            ruleStats, ruleStats.Where(r => r.Fired == 0).Select(r => r.Rule).ToList(), errors,
            RankedShares.LargestTie(ranked) is { } tie ? new TieGroup(tie.Score, tie.Share) : null);
    }

    private static List<ScoredOutcome> Outcomes(IEnumerable<ReplayedCase> cases, Func<ReplayedCase, ReplayScore> card) =>
        cases.Select(c => new ScoredOutcome(c.Case.Id, card(c).Score, card(c).Tier, c.Case.Won ? DealOutcome.Won : DealOutcome.Lost)).ToList();

    private static double? TierLift(List<ScoredOutcome> outcomes, string? tier) =>
        tier is null ? null : OutcomeMetrics.ByTier(outcomes, [tier]).First(r => r.Group == tier).Lift;

    private static double Mean(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? 0 : list.Average();
    }

    /// <summary>
    /// A 95 % percentile bootstrap interval for the AUC (200 seeded resamples). Composites have a
    /// few hundred distinct values, so each resample is counted into per-score bins and its AUC
    /// read off them: linear in the deals, which keeps 100k deals quick.
    /// </summary>
    internal static (double? Low, double? High) AucInterval(IReadOnlyList<(decimal Score, bool Won)> deals)
    {
        if (deals.Count == 0 || deals.All(d => d.Won) || deals.All(d => !d.Won))
        {
            return (null, null);
        }

        var bins = Bins(deals.Select(d => d.Score).ToList());
        var won = new long[bins.Count];
        var lost = new long[bins.Count];
        var aucs = Bootstrap.Resample(20261123, Resamples, [deals.Count], counts =>
        {
            Array.Clear(won);
            Array.Clear(lost);
            var drawn = counts[0];
            for (var i = 0; i < drawn.Length; i++)
            {
                (deals[i].Won ? won : lost)[bins.Bin[i]] += drawn[i];
            }

            return Roc.AucFromCounts(won, lost);
        });
        return Percentiles95(aucs) is { } interval ? (interval.Low, interval.High) : (null, null);
    }

    /// <summary>
    /// A 95 % paired bootstrap interval for head's AUC minus base's: each resample draws deals
    /// with replacement and scores the same draw under both versions, so what the deals have in
    /// common cancels out and only the change is measured (500 seeded resamples; binned per
    /// score, linear in the deals, as <see cref="AucInterval"/>).
    /// </summary>
    internal static ConfidenceInterval? PairedAucDifference(IReadOnlyList<(decimal Base, decimal Head, bool Won)> deals)
    {
        if (deals.Count == 0 || deals.All(d => d.Won) || deals.All(d => !d.Won))
        {
            return null;
        }

        var baseBins = Bins(deals.Select(d => d.Base).ToList());
        var headBins = Bins(deals.Select(d => d.Head).ToList());
        var baseWon = new long[baseBins.Count];
        var baseLost = new long[baseBins.Count];
        var headWon = new long[headBins.Count];
        var headLost = new long[headBins.Count];
        var differences = Bootstrap.Resample(20261204, PairedResamples, [deals.Count], counts =>
        {
            Array.Clear(baseWon);
            Array.Clear(baseLost);
            Array.Clear(headWon);
            Array.Clear(headLost);
            var drawn = counts[0];
            for (var i = 0; i < drawn.Length; i++)
            {
                // The same deal counts under both versions, each in the bin of its own score.
                var (underBase, underHead) = deals[i].Won ? (baseWon, headWon) : (baseLost, headLost);
                underBase[baseBins.Bin[i]] += drawn[i];
                underHead[headBins.Bin[i]] += drawn[i];
            }

            return Roc.AucFromCounts(baseWon, baseLost) is { } b && Roc.AucFromCounts(headWon, headLost) is { } h ? h - b : null;
        });
        return Percentiles95(differences);
    }

    /// <summary>The 2.5th and 97.5th percentiles of the resampled values (sorted in place); null when there are none.</summary>
    private static ConfidenceInterval? Percentiles95(List<double> values)
    {
        values.Sort();
        return values.Count == 0 ? null : new ConfidenceInterval(Percentiles.Nearest(values, 0.025), Percentiles.Nearest(values, 0.975));
    }

    private static (int Count, int[] Bin) Bins(IReadOnlyList<decimal> scores)
    {
        var distinct = scores.Distinct().Order().ToArray();
        return (distinct.Length, scores.Select(s => Array.BinarySearch(distinct, s)).ToArray());
    }

    private static List<string> ReasonChanges(ReplayScore @base, ReplayScore head)
    {
        var before = @base.Reasons.GroupBy(r => r.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(r => r.Points), StringComparer.Ordinal);
        var after = head.Reasons.GroupBy(r => r.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(r => r.Points), StringComparer.Ordinal);
        return before.Keys.Union(after.Keys).Order(StringComparer.Ordinal)
            .Select(code => (code, b: before.GetValueOrDefault(code), h: after.GetValueOrDefault(code)))
            .Where(x => x.b != x.h)
            .OrderByDescending(x => Math.Abs(x.h - x.b))
            .Take(4)
            .Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.code} {x.b:0.##} -> {x.h:0.##}"))
            .ToList();
    }
}
