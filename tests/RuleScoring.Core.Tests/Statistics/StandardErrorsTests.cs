using RuleScoring.Core.Statistics;

namespace RuleScoring.Core.Tests.Statistics;

public sealed class StandardErrorsTests
{
    [Theory]
    [InlineData(0.5, 100, 100, 0.041)]
    [InlineData(0.8, 100, 100, 0.031)]
    [InlineData(0.8, 1000, 1000, 0.0098)]
    public void AucStandardError_HanleyMcNeil_MatchesThePublishedFormula(double auc, int won, int lost, double expected) =>
        StandardErrors.OfAuc(auc, won, lost).ShouldBe(expected, 0.001);
}
