namespace RuleScoring.Core.Outcomes;

/// <summary>
/// How well scores predicted outcomes: the numbers `report` prints and replay compares.
/// Pure functions over (score, outcome) pairs; where they come from is the caller's business.
/// </summary>
public static class OutcomeMetrics
{
    /// <summary>The composite bands of the playbook's conversion table, lowest first.</summary>
    public static IReadOnlyList<(string Label, decimal From, decimal To)> CompositeBands { get; } =
    [
        ("<50", decimal.MinValue, 50), ("50-60", 50, 60), ("60-70", 60, 70), ("70-80", 70, 80), ("80-90", 80, 90), ("90+", 90, decimal.MaxValue),
    ];

    /// <summary>
    /// Area under the ROC curve of the composite, won against lost (closed deals only): the
    /// chance a random won lead outscored a random lost one, ties counting half. Null when
    /// either side is empty.
    /// </summary>
    public static double? Auc(IEnumerable<ScoredOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        return RankedShares.Auc(outcomes.Where(o => o.Closed).Select(o => (o.Composite, o.Outcome == DealOutcome.Won)).ToList());
    }

    /// <summary>Conversion per tier, in the order given (e.g. A, B, C, D), then a total row.</summary>
    public static IReadOnlyList<ConversionRow> ByTier(IReadOnlyCollection<ScoredOutcome> outcomes, IEnumerable<string> tierOrder)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(tierOrder);
        var tiers = tierOrder.Concat(outcomes.Select(o => o.Tier)).Distinct(StringComparer.Ordinal);
        return Rows(outcomes, tiers.Select(t => (t, (Func<ScoredOutcome, bool>)(o => o.Tier == t))));
    }

    /// <summary>Conversion per composite band (&lt;50, 50-60, ..., 90+), then a total row.</summary>
    public static IReadOnlyList<ConversionRow> ByCompositeBand(IReadOnlyCollection<ScoredOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        return Rows(outcomes, CompositeBands.Select(b => (b.Label, (Func<ScoredOutcome, bool>)(o => o.Composite >= b.From && o.Composite < b.To))));
    }

    /// <summary>Conversion per band given (see <see cref="ScoreBands"/>), then a total row.</summary>
    public static IReadOnlyList<ConversionRow> ByCompositeBand(IReadOnlyCollection<ScoredOutcome> outcomes, IReadOnlyList<ScoreBand> bands)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(bands);
        return Rows(outcomes, bands.Select(b => (b.Label, (Func<ScoredOutcome, bool>)(o => b.Contains(o.Composite)))));
    }

    /// <summary>
    /// The share of all wins held by the top <paramref name="fraction"/> of leads by composite
    /// (MadKudu's benchmark: a good model puts most conversions in its top 15-35 %). Tied scores
    /// are tied: when the cut falls inside a group of equal scores, that group counts
    /// proportionally (<see cref="RankedShares.ShareOfWinsInTop(IReadOnlyCollection{ScoredOutcome}, double)"/>), never in lead-id order.
    /// </summary>
    public static double? ShareOfWinsInTop(IReadOnlyCollection<ScoredOutcome> outcomes, double fraction)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        return RankedShares.ShareOfWinsInTop(outcomes, fraction);
    }

    /// <summary>
    /// Sales' verdicts per tier (ordinal tier order): accepted, rejected (the false positives) and
    /// the <paramref name="topReasons"/> most frequent rejection reasons, ties by reason. `report`
    /// feeds it the tier from stored scores, calibrate the tier its rules give at the disposition.
    /// </summary>
    public static IReadOnlyList<DispositionRow> ByDispositionTier(IEnumerable<DispositionCount> counts, int topReasons = 3)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentOutOfRangeException.ThrowIfNegative(topReasons);
        return counts.GroupBy(c => c.Tier, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new DispositionRow(
                g.Key,
                g.Where(c => c.Status == "accepted").Sum(c => c.Count),
                g.Where(c => c.Status == "rejected").Sum(c => c.Count),
                g.Where(c => c.Status == "rejected").GroupBy(c => c.Reason, StringComparer.Ordinal)
                    .Select(r => new RejectionReason(r.Key, r.Sum(c => c.Count)))
                    .OrderByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.Ordinal)
                    .Take(topReasons).ToList()))
            .ToList();
    }

    private static List<ConversionRow> Rows(IReadOnlyCollection<ScoredOutcome> outcomes, IEnumerable<(string Label, Func<ScoredOutcome, bool> Member)> groups)
    {
        var baseConversion = outcomes.Count == 0 ? 0 : outcomes.Count(o => o.Outcome == DealOutcome.Won) / (double)outcomes.Count;
        var rows = groups.Select(g => Row(g.Label, outcomes.Where(g.Member).ToList(), baseConversion)).ToList();
        rows.Add(Row("all", outcomes, baseConversion));
        return rows;
    }

    private static ConversionRow Row(string label, IReadOnlyCollection<ScoredOutcome> members, double baseConversion)
    {
        var won = members.Count(o => o.Outcome == DealOutcome.Won);
        var closed = members.Count(o => o.Closed);
        var opportunities = members.Count(o => o.Outcome != DealOutcome.None);
        var conversion = members.Count == 0 ? 0 : won / (double)members.Count;
        return new ConversionRow(label, members.Count, opportunities, closed, won, conversion,
            closed == 0 ? null : won / (double)closed,
            baseConversion == 0 || members.Count == 0 ? null : conversion / baseConversion);
    }
}
