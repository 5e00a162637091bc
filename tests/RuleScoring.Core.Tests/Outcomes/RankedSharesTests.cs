using RuleScoring.Core.Outcomes;

namespace RuleScoring.Core.Tests.Outcomes;

public sealed class RankedSharesTests
{
    private static List<(decimal Score, bool Won)> AllEqual(int n, int wins) =>
        Enumerable.Range(0, n).Select(i => (40m, i < wins)).ToList();

    [Fact]
    public void ShareOfWinsInTop_EveryScoreEqual_IsTheFractionItself()
    {
        // Wins listed first: a ranking that broke ties by position or id would put them all in the top.
        var scored = AllEqual(200, 33);

        RankedShares.ShareOfWinsInTop(scored, 0.15)!.Value.ShouldBe(0.15, 1e-12);
        RankedShares.ShareOfWinsInTop(scored, 0.25)!.Value.ShouldBe(0.25, 1e-12);
    }

    [Fact]
    public void ShareOfWinsInTop_CutInsideATiedGroup_TakesItsWinsInProportion()
    {
        // 2 deals at 90 (1 won), 4 at 50 (2 won), 4 at 10 (0 won): 3 wins. The top 40 % is
        // 4 deals: the whole 90 group and half the 50 group, so 1 + 2 * 2/4 = 2 wins of 3.
        var scored = new List<(decimal, bool)> { (90, true), (90, false), (50, true), (50, true), (50, false), (50, false), (10, false), (10, false), (10, false), (10, false) };

        RankedShares.ShareOfWinsInTop(scored, 0.4)!.Value.ShouldBe(2 / 3.0, 1e-12);
        RankedShares.ShareOfWinsInTop(scored, 0.2)!.Value.ShouldBe(1 / 3.0, 1e-12);
        RankedShares.ShareOfWinsInTop(scored, 1.0)!.Value.ShouldBe(1.0, 1e-12);
        RankedShares.ShareOfWinsInTop(scored.Select(s => (s.Item1, false)).ToList(), 0.5).ShouldBeNull();
    }

    [Fact]
    public void LiftCurve_EveryScoreEqual_IsTheDiagonal()
    {
        var curve = RankedShares.LiftCurve(AllEqual(100, 30));

        curve.ShouldBe([(0.0, 0.0), (1.0, 1.0)]);
    }

    [Fact]
    public void LiftCurve_OnePointPerTiedGroup_BestFirst()
    {
        var scored = new List<(decimal, bool)> { (10, false), (90, true), (50, true), (50, false) };

        var curve = RankedShares.LiftCurve(scored);

        curve.ShouldBe([(0.0, 0.0), (0.25, 0.5), (0.75, 1.0), (1.0, 1.0)]);
    }

    [Fact]
    public void Auc_TiedPairsCountHalf_MatchesCountingEveryPair()
    {
        RankedShares.Auc(AllEqual(50, 20))!.Value.ShouldBe(0.5, 1e-12);
        var random = new Random(5);
        var scored = Enumerable.Range(0, 500).Select(i => ((decimal)random.Next(0, 8), random.NextDouble() < 0.4)).ToList();
        // The definition, pair by pair: a won item above a lost one is 1, level with it 1/2.
        var won = scored.Where(s => s.Item2).Select(s => s.Item1).ToList();
        var lost = scored.Where(s => !s.Item2).Select(s => s.Item1).ToList();
        var byPairs = won.Sum(w => lost.Sum(l => w > l ? 1.0 : w == l ? 0.5 : 0)) / ((double)won.Count * lost.Count);

        RankedShares.Auc(scored)!.Value.ShouldBe(byPairs, 1e-12);
        OutcomeMetrics.Auc(scored.Select((s, i) => new ScoredOutcome($"L{i}", s.Item1, "-", s.Item2 ? DealOutcome.Won : DealOutcome.Lost)))!.Value.ShouldBe(byPairs, 1e-12);
        RankedShares.Auc(AllEqual(10, 10)).ShouldBeNull();
    }

    [Fact]
    public void LargestTie_ReportsTheMostCommonScoreAndItsShare()
    {
        var scored = new List<(decimal, bool)> { (10, false), (20, true), (20, false), (20, false), (30, true) };

        RankedShares.LargestTie(scored).ShouldBe((20m, 0.6));
        RankedShares.LargestTie(AllEqual(7, 2))!.Value.Share.ShouldBe(1.0);
        RankedShares.LargestTie([]).ShouldBeNull();
    }
}
