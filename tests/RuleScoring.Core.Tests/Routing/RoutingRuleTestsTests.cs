using RuleScoring.Core.Rules;
using RuleScoring.Core.RuleTests;
using RuleScoring.Core.Scoring;
using RuleScoring.Tests.Support;
using Shouldly;

namespace RuleScoring.Core.Tests.Routing;

public sealed class RoutingRuleTestsTests
{
    [Fact]
    public void ShippedGoldenLeads_GetTheirQueueAndPlay()
    {
        var ruleSet = RuleSetLoader.Load(Repo.Rules);
        var suite = RuleTestReader.Read(Repo.Rules, ruleSet);

        var results = RuleTestRunner.Run(new LeadScorer(ruleSet), suite.Cases.Where(c => c.Expect.Queue is not null));

        results.Count.ShouldBe(3);
        results.SelectMany(r => r.Failures).ShouldBeEmpty();
    }

    [Fact]
    public void GoldenLeadExpectingAnotherQueueAndPlay_FailsNamingTheRuleThatRoutedIt()
    {
        using var rules = new RulesCopy().Edit("tests/routing.json", t => t
            .Replace("\"queue\": \"ae_emea\", \"play\": \"demo_fast_follow\"", "\"queue\": \"ae_us\", \"play\": \"pricing_value\"", StringComparison.Ordinal));
        var ruleSet = RuleSetLoader.Load(rules.Directory);

        var results = RuleTestRunner.Run(new LeadScorer(ruleSet), RuleTestReader.Read(rules.Directory, ruleSet).Cases);

        results.Single(r => !r.Passed).Failures.ShouldBe([
            "queue: expected ae_us, got ae_emea (route.enterprise_emea)",
            "play: expected pricing_value, got demo_fast_follow (by intent.demo_request)",
        ]);
    }
}
