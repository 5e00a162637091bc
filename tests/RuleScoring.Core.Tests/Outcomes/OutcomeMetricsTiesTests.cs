using RuleScoring.Core.Outcomes;

namespace RuleScoring.Core.Tests.Outcomes;

public sealed class OutcomeMetricsTiesTests
{
    private static ScoredOutcome Lead(string id, decimal composite, DealOutcome outcome) => new(id, composite, "C", outcome);

    [Fact]
    public void ShareOfWinsInTop_EveryScoreEqual_IsTheFractionItself_WhateverTheLeadIds()
    {
        // 100 leads, one score, 20 wins: ids put every win first, which lead-id tie-breaking rewarded.
        var leads = Enumerable.Range(0, 100).Select(i => Lead($"L{i:000}", 30, i < 20 ? DealOutcome.Won : DealOutcome.Lost)).ToList();

        OutcomeMetrics.ShareOfWinsInTop(leads, 0.15)!.Value.ShouldBe(0.15, 1e-12);
        OutcomeMetrics.ShareOfWinsInTop(leads, 0.25)!.Value.ShouldBe(0.25, 1e-12);
        OutcomeMetrics.Auc(leads).ShouldBe(0.5, "mid-rank: a tie is half a win either way");
    }

    [Fact]
    public void ShareOfWinsInTop_CutInsideATiedGroup_TakesTheGroupProportionally()
    {
        // Top 4 of 10: the 90 (won) fully, then 3 of the 5 leads tied at 50 (2 of them won) -> 1 + 2 x 3/5.
        List<ScoredOutcome> leads =
        [
            Lead("a", 90, DealOutcome.Won),
            Lead("b", 50, DealOutcome.Won), Lead("c", 50, DealOutcome.Won), Lead("d", 50, DealOutcome.Lost), Lead("e", 50, DealOutcome.Lost), Lead("f", 50, DealOutcome.Lost),
            Lead("g", 10, DealOutcome.Won), Lead("h", 10, DealOutcome.None), Lead("i", 10, DealOutcome.None), Lead("j", 10, DealOutcome.None),
        ];

        OutcomeMetrics.ShareOfWinsInTop(leads, 0.4)!.Value.ShouldBe((1 + 2 * 3 / 5.0) / 4, 1e-12);
        var renamed = leads.Select(l => l with { LeadId = "z" + l.LeadId }).Reverse().ToList();
        OutcomeMetrics.ShareOfWinsInTop(renamed, 0.4)!.Value.ShouldBe((1 + 2 * 3 / 5.0) / 4, 1e-12, "ids and order do not matter");
    }

    [Fact]
    public void LargestTie_IsTheMostSharedScore()
    {
        RankedShares.LargestTie([(1m, false), (2m, true), (2m, false), (3m, false), (3m, true), (3m, false)]).ShouldBe((3m, 0.5));
        RankedShares.LargestTie([]).ShouldBeNull();
    }
}
