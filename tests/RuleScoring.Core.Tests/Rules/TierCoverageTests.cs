using System.Text.Json.Nodes;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Rules;

public sealed class TierCoverageTests
{
    private static JsonObject TierRule(string name, string expression, string tier = "C") => new()
    {
        ["RuleName"] = name,
        ["Expression"] = expression,
        ["Properties"] = new JsonObject
        {
            ["tier"] = tier, ["sla"] = "none", ["salesAction"] = "s", ["marketingAction"] = "m", ["mql"] = false, ["sql"] = false,
        },
    };

    private static RulesCopy Tiers(Action<JsonArray> edit) => new RulesCopy().EditJson("tiers.json", w => edit(w["Rules"]!.AsArray()));

    private static int IndexOf(JsonArray rules, string name) => rules.Select((r, i) => (r, i)).Single(x => (string?)x.r!["RuleName"] == name).i;

    [Fact]
    public void NoCatchAll_SomeCardsWithoutATier_IsAWarningWithAnExampleCard()
    {
        using var rules = Tiers(r => RulesCopy.Rule(r.Parent!, "tier.D")["Expression"] = "card.Fit < 20");

        var result = RuleSetLoader.Validate(rules.Directory);

        result.IsValid.ShouldBeTrue("a gap is a warning: the empty lead still gets a tier");
        var problem = result.Problems.ShouldHaveSingleItem();
        problem.Severity.ShouldBe(RuleProblemSeverity.Warning);
        problem.File.ShouldBe("tiers.json");
        problem.Message.ShouldContain("some cards get no tier");
        problem.Message.ShouldContain("e.g. fit 20, intent 0, behavior 0 (composite 5, motion abm), not disqualified");
        problem.Message.ShouldContain("catch-all");
    }

    [Fact]
    public void RuleBelowABroaderOne_NeverMatches_NamingTheRuleThatTakesItsCards()
    {
        using var rules = Tiers(r =>
        {
            var c = r[IndexOf(r, "tier.C")]!;
            r.Remove(c);
            r.Insert(IndexOf(r, "tier.B"), c);
        });

        var problem = RuleSetLoader.Validate(rules.Directory).Problems.ShouldHaveSingleItem();

        problem.Severity.ShouldBe(RuleProblemSeverity.Warning);
        problem.Rule.ShouldBe("tier.B");
        problem.Line.ShouldNotBeNull();
        File.ReadAllLines(Path.Combine(rules.Directory, "tiers.json"))[problem.Line.Value - 1].ShouldContain("\"tier.B\"");
        problem.Message.ShouldBe("tier.B never matches: tier.C above it takes every card it would take");
    }

    [Fact]
    public void RuleCoveredBySeveralAboveIt_NeverMatches_NamingThemAll()
    {
        using var rules = Tiers(r => r.Insert(IndexOf(r, "tier.D"), TierRule("tier.leftovers", "card.Disqualified or card.Fit >= 30")));

        var problem = RuleSetLoader.Validate(rules.Directory).Problems.ShouldHaveSingleItem();

        problem.Rule.ShouldBe("tier.leftovers");
        problem.Message.ShouldBe("tier.leftovers never matches: the rules above it (tier.disqualified, tier.A, tier.B, tier.C) take every card it would take");
    }

    [Fact]
    public void ImpossibleCondition_NeverMatches()
    {
        using var rules = Tiers(r => r.Insert(IndexOf(r, "tier.A"), TierRule("tier.superstar", "card.Fit > 100", "A")));

        var problem = RuleSetLoader.Validate(rules.Directory).Problems.ShouldHaveSingleItem();

        problem.Rule.ShouldBe("tier.superstar");
        problem.Message.ShouldContain("tier.superstar never matches: no sampled card satisfies it");
    }

    [Fact]
    public void HasReasonWithARealCode_IsSampledWithThatReason_AndRaisesNothing()
    {
        using var rules = Tiers(r => r.Insert(IndexOf(r, "tier.A"), TierRule("tier.demo", "card.HasReason(\"intent.demo_request\") and card.Fit >= 30", "A")));

        RuleSetLoader.Validate(rules.Directory).Problems.ShouldBeEmpty();
    }

    [Fact]
    public void HasReasonWithAMisspeltCode_IsAnErrorOnThatTierRule()
    {
        using var rules = Tiers(r => r.Insert(IndexOf(r, "tier.A"), TierRule("tier.demo", "card.HasReason(\"intent.demo_requets\") and card.Fit >= 30", "A")));

        var problem = RuleSetLoader.Validate(rules.Directory).Errors.ShouldHaveSingleItem();

        problem.File.ShouldBe("tiers.json");
        problem.Rule.ShouldBe("tier.demo");
        problem.Line.ShouldNotBeNull();
        problem.Message.ShouldContain("intent.demo_requets");
    }

    [Fact]
    public void TierRuleThatThrowsOnSomeCards_IsAWarningWithTheCard()
    {
        // "abm" is shorter than 4 characters; the warm-up lead is inbound, so only the grid finds it.
        using var rules = Tiers(r => r.Insert(IndexOf(r, "tier.A"), TierRule("tier.odd", "card.Motion.Substring(4) == \"x\"")));

        var problems = RuleSetLoader.Validate(rules.Directory).Problems;

        problems.ShouldAllBe(p => p.Severity == RuleProblemSeverity.Warning && p.Rule == "tier.odd");
        problems.ShouldContain(p => p.Message.Contains("fails on some cards, e.g.") && p.Message.Contains("motion abm"));
    }
}
