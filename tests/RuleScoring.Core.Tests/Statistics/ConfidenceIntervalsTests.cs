using RuleScoring.Core.Statistics;

namespace RuleScoring.Core.Tests.Statistics;

public sealed class ConfidenceIntervalsTests
{
    [Fact]
    public void Wilson_NewcombesExample_MatchesThePublishedInterval()
    {
        // Newcombe (1998), Statistics in Medicine 17:857, table I: 81/263 -> 0.2553 to 0.3662.
        var ci = ConfidenceIntervals.Wilson(81, 263).ShouldNotBeNull();

        ci.Estimate.ShouldBe(81 / 263.0, 1e-12);
        ci.Low.ShouldBe(0.2553, 0.00005);
        ci.High.ShouldBe(0.3662, 0.00005);
    }

    [Fact]
    public void Wilson_ZeroSuccesses_StaysInsideZeroToOne_AndEmptyIsNull()
    {
        var ci = ConfidenceIntervals.Wilson(0, 10).ShouldNotBeNull();
        ci.Low.ShouldBe(0);
        ci.High.ShouldBe(0.2775, 0.00005);
        ConfidenceIntervals.Wilson(0, 0).ShouldBeNull();
    }

    [Fact]
    public void RateDifference_NewcombesExample_MatchesMethodTen()
    {
        // Newcombe (1998), Statistics in Medicine 17:873, example (a): 56/70 - 48/80 -> 0.0524 to 0.3339.
        var ci = ConfidenceIntervals.RateDifference(56, 70, 48, 80).ShouldNotBeNull();

        ci.Estimate.ShouldBe(0.2, 1e-12);
        ci.Low.ShouldBe(0.0524, 0.00005);
        ci.High.ShouldBe(0.3339, 0.00005);
        ci.IncludesZero.ShouldBeFalse();
    }

    [Fact]
    public void MedianDifference_RealGap_ExcludesZero_SameDistribution_IncludesIt()
    {
        var random = new Random(9);
        double Hours(double median) => median * Math.Exp(random.NextDouble() * 2 - 1);
        var fast = Enumerable.Range(0, 300).Select(_ => Hours(2)).ToList();
        var slow = Enumerable.Range(0, 300).Select(_ => Hours(6)).ToList();
        var slowToo = Enumerable.Range(0, 300).Select(_ => Hours(6)).ToList();

        var gap = ConfidenceIntervals.MedianDifference(fast, slow).ShouldNotBeNull();
        var none = ConfidenceIntervals.MedianDifference(slowToo, slow).ShouldNotBeNull();

        gap.IncludesZero.ShouldBeFalse();
        gap.High.ShouldBeLessThan(0);
        gap.Estimate.ShouldBe(-4, 1);
        none.IncludesZero.ShouldBeTrue();
        ConfidenceIntervals.MedianDifference(fast, slow).ShouldBe(gap, "same seed, same interval");
    }

    [Theory]
    [InlineData(101)]
    [InlineData(100)]
    public void MedianDifference_ShiftedCopy_EstimateIsTheShift_AndTheIntervalHoldsIt(int n)
    {
        var random = new Random(n);
        var a = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 10).ToList();
        var b = a.Select(x => x + 5).ToList();

        var ci = ConfidenceIntervals.MedianDifference(a, b).ShouldNotBeNull();

        ci.Estimate.ShouldBe(-5, 1e-9);
        ci.Low.ShouldBeLessThan(-5);
        ci.High.ShouldBeGreaterThan(-5);
        ci.High.ShouldBeLessThan(0);
    }

    [Fact]
    public void Median_OddAndEven()
    {
        Percentiles.Median([3, 1, 2]).ShouldBe(2);
        Percentiles.Median([4, 1, 3, 2]).ShouldBe(2.5);
    }
}
