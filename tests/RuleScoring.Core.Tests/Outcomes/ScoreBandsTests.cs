using RuleScoring.Core.Outcomes;
using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Tests.Outcomes;

public sealed class ScoreBandsTests
{
    [Fact]
    public void Fixed_DefaultEdges_AreTheBandsOfToday()
    {
        ScoreBands.Fixed(CompositeBandSetting.Default.Edges).Select(b => b.Label).ShouldBe(["<50", "50-60", "60-70", "70-80", "80-90", "90+"]);
        OutcomeMetrics.CompositeBands.Select(b => b.Label).ShouldBe(ScoreBands.Fixed(CompositeBandSetting.Default.Edges).Select(b => b.Label));
    }

    [Fact]
    public void For_ScoresToppingOutAt47_FallBackToQuantileBands_MoreThanOneAndNoneEmpty()
    {
        var scores = Enumerable.Range(0, 200).Select(i => (decimal)(i % 48)).ToList();

        var bands = ScoreBands.For(scores, CompositeBandSetting.Default, out var fellBack);

        fellBack.ShouldBeTrue();
        bands.Count.ShouldBe(ScoreBands.QuantileCount);
        bands.ShouldAllBe(b => scores.Any(b.Contains));
        scores.ShouldAllBe(s => bands.Count(b => b.Contains(s)) == 1, "every score in exactly one band");
    }

    [Theory]
    [InlineData(new[] { 1.0, 2.0 })]
    [InlineData(new[] { 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 7.5 })]
    [InlineData(new[] { 0.0, 40.0, 40.0, 40.0, 40.0, 40.0, 40.0, 40.0, 40.0, 40.0 })]
    [InlineData(new[] { 10.0, 10.0, 20.0, 20.0, 30.0, 30.0, 40.0, 40.0, 50.0, 50.0, 60.0 })]
    public void Quantile_AnyTwoDistinctScores_GiveTwoOrMoreNonEmptyBands_AndEqualScoresShareOne(double[] values)
    {
        var scores = values.Select(v => (decimal)v).ToList();

        var bands = ScoreBands.Quantile(scores);

        bands.Count.ShouldBeGreaterThan(1);
        bands.ShouldAllBe(b => scores.Any(b.Contains), "no empty band");
        foreach (var group in scores.GroupBy(s => s))
        {
            group.Select(s => bands.Single(b => b.Contains(s)).Label).Distinct().Count().ShouldBe(1, $"ties at {group.Key}");
        }
    }

    [Fact]
    public void Quantile_OneDistinctScore_IsOneBand()
    {
        ScoreBands.Quantile([30m, 30m, 30m]).ShouldHaveSingleItem().Label.ShouldBe("all");
    }

    [Fact]
    public void For_ModelEdges_AreUsedAsGiven()
    {
        var bands = ScoreBands.For([5m, 25m, 35m, 45m], new CompositeBandSetting([20, 30, 40], Quantile: false), out var fellBack);

        fellBack.ShouldBeFalse();
        bands.Select(b => b.Label).ShouldBe(["<20", "20-30", "30-40", "40+"]);
    }
}
