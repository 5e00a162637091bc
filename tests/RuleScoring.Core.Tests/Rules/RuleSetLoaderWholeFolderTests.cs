using RuleScoring.Core.Rules;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Rules;

/// <summary>One Validate names the problems of every file, even when model.json does not load.</summary>
public sealed class RuleSetLoaderWholeFolderTests
{
    [Fact]
    public void UnreadableModel_StillReportsTheWorkflowsTiersAndAccountFilesOwnProblems()
    {
        using var rules = new RulesCopy()
            .Edit("model.json", t => t.Replace("\"defaultMotion\": \"inbound\",", "\"defaultMotion\": \"inbound\",,", StringComparison.Ordinal))
            .EditJson("intent.json", w => RulesCopy.Rule(w, "intent.roi_calculator")["Properties"]!["pionts"] = 5)
            .EditJson("tiers.json", w => RulesCopy.Rule(w, "tier.A")["Expression"] = "card.Fitt >= 40")
            .EditJson("account.json", w => w["Rules"]![0]!["Expresion"] = "true");

        var result = RuleSetLoader.Validate(rules.Directory);

        result.RuleSet.ShouldBeNull();
        string.Join(", ", result.Errors.Select(e => e.File).Distinct().Order(StringComparer.Ordinal))
            .ShouldBe("account.json, intent.json, model.json, tiers.json", string.Join(Environment.NewLine, result.Problems));
        result.Errors.ShouldContain(e => e.Rule == "intent.roi_calculator" && e.Message.Contains("pionts"));
        result.Errors.ShouldContain(e => e.Rule == "tier.A" && e.Message.Contains("Fitt"));
    }

    [Fact]
    public void UnreadableModel_DoesNotCallTheWorkflowsSignalTypesAndListsUnknown()
    {
        using var rules = new RulesCopy()
            .Edit("model.json", t => t.Replace("\"defaultMotion\": \"inbound\",", "\"defaultMotion\": \"inbound\",,", StringComparison.Ordinal));

        var result = RuleSetLoader.Validate(rules.Directory);

        result.Errors.ShouldHaveSingleItem().File.ShouldBe("model.json");
        result.Problems.ShouldContain(p => p.Severity == RuleProblemSeverity.Warning && p.File == "model.json" && p.Message.Contains("checked on their own"));
    }
}
