using RuleScoring.Core.Rules;
using RuleScoring.Core.RuleTests;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.RuleTests;

/// <summary>The golden leads shipped in rules/tests: they read, they pass, and they catch a weight change that breaks a promise.</summary>
public sealed class ShippedRuleTestsTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ShippedRuleTests_UnderEitherCompiler_AllPass(bool fastCompiler)
    {
        var suite = RuleTestReader.Read(Repo.Rules, DefaultModel.RuleSet);

        suite.Problems.ShouldBeEmpty(string.Join(Environment.NewLine, suite.Problems));
        suite.Cases.Count.ShouldBeGreaterThanOrEqualTo(15);
        var failed = RuleTestRunner.Run(DefaultModel.Scorer(fastCompiler), suite.Cases).Where(r => !r.Passed).ToArray();
        failed.ShouldBeEmpty(string.Join(Environment.NewLine, failed.Select(f => $"{f.Case.File} '{f.Case.Name}': {string.Join("; ", f.Failures)}")));
    }

    [Fact]
    public void ShippedRuleTests_CoverEveryTierEveryMotionAndTheDisqualifiers()
    {
        var suite = RuleTestReader.Read(Repo.Rules, DefaultModel.RuleSet);
        var results = RuleTestRunner.Run(DefaultModel.Scorer(), suite.Cases);

        results.Select(r => r.Card.Tier!.Tier).Distinct().Order().ShouldBe(["A", "B", "C", "D"]);
        results.Select(r => r.Card.Motion).Distinct().Order().ShouldBe(DefaultModel.RuleSet.Motions.Keys.Order());
        results.ShouldContain(r => r.Card.Disqualified && r.Case.Expect.Disqualified == true);
        results.ShouldAllBe(r => !string.IsNullOrWhiteSpace(r.Case.Why));
    }

    [Fact]
    public void WeightChange_ThatBreaksAPromise_FailsTheRightCaseWithExpectedVersusGot()
    {
        using var rules = new RulesCopy().EditJson("intent.json", w => RulesCopy.Rule(w, "intent.demo_request")["Properties"]!["points"] = 25);
        var ruleSet = RuleSetLoader.Load(rules.Directory);

        var suite = RuleTestReader.Read(rules.Directory, ruleSet);
        var results = RuleTestRunner.Run(new LeadScorer(ruleSet), suite.Cases);

        var demoAlone = results.Single(r => r.Case.Name == "demo request alone from a good fit");
        demoAlone.Passed.ShouldBeFalse();
        demoAlone.Case.File.ShouldBe("tests/tiers.json");
        demoAlone.Case.Line.ShouldNotBeNull().ShouldBeGreaterThan(1);
        demoAlone.Failures.ShouldContain("tier: expected A, got B (by tier.B)");
        demoAlone.Failures.ShouldContain("intent: expected >= 30, got 25");
        results.Single(r => r.Case.Name == "competitor domain doing everything").Passed.ShouldBeTrue("a demo weight has nothing to do with disqualifiers");
        results.Count(r => !r.Passed).ShouldBeLessThan(results.Count / 2, "only the cases about demo requests break");
    }
}
