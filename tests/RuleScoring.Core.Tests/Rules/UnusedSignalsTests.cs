using System.Text.Json.Nodes;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Rules;

public sealed class UnusedSignalsTests
{
    private static RulesCopy WithoutRule(string file, string rule) => new RulesCopy().EditJson(file, w =>
    {
        var rules = w["Rules"]!.AsArray();
        rules.Remove(RulesCopy.Rule(w, rule));
    });

    [Fact]
    public void SignalTypeNoRuleReads_IsAWarningOnItsCatalogueLine()
    {
        using var rules = WithoutRule("intent.json", "intent.research_spike");

        var result = RuleSetLoader.Validate(rules.Directory);

        result.IsValid.ShouldBeTrue();
        var problem = result.Problems.ShouldHaveSingleItem();
        problem.Severity.ShouldBe(RuleProblemSeverity.Warning);
        problem.File.ShouldBe("model.json");
        File.ReadAllLines(Path.Combine(rules.Directory, "model.json"))[problem.Line!.Value - 1].ShouldContain("\"research_spike\"");
        problem.Message.ShouldContain("signal type 'research_spike'");
    }

    [Fact]
    public void SignalTypeOnlyADisabledRuleReads_IsUnused()
    {
        using var rules = new RulesCopy().EditJson("intent.json", w => RulesCopy.Rule(w, "intent.research_spike")["Enabled"] = false);

        RuleSetLoader.Validate(rules.Directory).Problems.ShouldHaveSingleItem().Message.ShouldContain("'research_spike'");
    }

    [Fact]
    public void SignalTypeReadThroughEventsOrEvidence_CountsAsUsed()
    {
        using var rules = new RulesCopy().EditJson("intent.json", w =>
        {
            RulesCopy.Rule(w, "intent.research_spike")["Expression"] = "signals.Events.Any(s => s.Type == \"research_spike\")";
            var g2 = RulesCopy.Rule(w, "intent.g2_buyer_intent");
            g2["Expression"] = "signals.Count(\"g2_buyer_intent\") + signals.Count(\"pricing_view\") > 5";
        });

        RuleSetLoader.Validate(rules.Directory).Problems.ShouldBeEmpty();
    }

    [Fact]
    public void SignalTypeInAGroupNoRuleReads_IsUnused()
    {
        using var rules = new RulesCopy().EditJson("intent.json", w =>
        {
            var rule = RulesCopy.Rule(w, "intent.bottom_of_funnel_content");
            rule["Expression"] = "signals.Count(\"case_study_view\", 30) >= 4";
            rule["Properties"]!["evidence"] = new JsonArray("case_study_view");
        });

        var unused = RuleSetLoader.Validate(rules.Directory).Problems.Select(p => p.Message).ToArray();

        unused.Length.ShouldBe(3, string.Join(Environment.NewLine, unused));
        unused.ShouldContain(m => m.Contains("'security_page_view'"));
        unused.ShouldNotContain(m => m.Contains("'case_study_view'"));
        unused.ShouldNotContain(m => m.Contains("'roi_calculator'"), "its own rule still reads it");
    }
}
