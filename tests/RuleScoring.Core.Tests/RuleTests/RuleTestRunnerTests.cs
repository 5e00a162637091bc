using RuleScoring.Core.RuleTests;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.RuleTests;

public sealed class RuleTestRunnerTests
{
    private static readonly RuleTestExpectation Nothing = new(null, null, null, null, null, null, null, [], [], null);

    // A tier-A card: fit 80, intent 85 (demo + 3 pricing views), behavior 0.
    private static readonly ScoreCard HotCard = DefaultModel.Score(Some.IdealCustomer()
        .Signal("demo_request", 1).Signals("pricing_view", 3, daysAgo: 2));

    [Fact]
    public void Compare_CardMeetingEveryExpectation_HasNoFailures()
    {
        var expect = Nothing with
        {
            Tier = ["A"], NotTier = ["D"], TierRule = "tier.A", Fit = new(40, null), Intent = new(85, 85), Behavior = new(null, 0),
            Composite = new(0, 100), Reasons = ["intent.demo_request"], NotReasons = ["intent.pricing_single"], Disqualified = false,
        };

        RuleTestRunner.Compare(expect, HotCard).ShouldBeEmpty();
    }

    [Fact]
    public void Compare_EveryMiss_IsSaidAsExpectedVersusGot()
    {
        var expect = Nothing with
        {
            Tier = ["C", "D"], NotTier = ["A", "B"], TierRule = "tier.C", Fit = new(10, 20), Intent = new(null, 30), Behavior = new(25, null),
            Composite = new(12.5m, 12.5m), Reasons = ["behavior.webinar_attended"], NotReasons = ["intent.demo_request"], Disqualified = true,
        };

        RuleTestRunner.Compare(expect, HotCard).ShouldBe(
        [
            "tier: expected one of C, D, got A (by tier.A)",
            "tier: expected not A or B, got A (by tier.A)",
            "tier rule: expected tier.C, got tier.A",
            "fit: expected 10 to 20, got 80",
            "intent: expected <= 30, got 85",
            "behavior: expected >= 25, got 0",
            $"composite: expected 12.5, got {HotCard.Composite}",
            "disqualified: expected true, got false",
            "missing reason behavior.webinar_attended",
            "unexpected reason intent.demo_request (+50: Requested a demo (yesterday))",
        ]);
    }
}
