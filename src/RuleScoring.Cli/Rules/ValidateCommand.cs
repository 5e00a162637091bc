using System.CommandLine;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;

namespace RuleScoring.Cli.Rules;

/// <summary><c>rulescore validate</c>: every problem in a rules folder at once; exit 1 when there is any error.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var rules = CommonOptions.Rules();
        var baseRules = GovernanceGate.BaseOption();
        var command = new Command("validate", "Check a rules folder: JSON, properties, expressions, references, changelog; with --base, governance; exit 1 on errors") { rules, baseRules };
        command.SetAction(parse => GovernanceGate.Check(Run(parse.GetValue(rules)!, output, error), parse.GetValue(rules)!, parse.GetValue(baseRules), output, error));
        return command;
    }

    private static int Run(string rulesDir, TextWriter output, TextWriter error)
    {
        var result = RuleSetLoader.Validate(rulesDir);
        foreach (var problem in result.Problems)
        {
            (problem.Severity == RuleProblemSeverity.Error ? error : output).WriteLine(problem);
        }

        if (result.RuleSet is not { } ruleSet)
        {
            error.WriteLine($"{result.Errors.Count()} error(s) in {rulesDir}: these rules cannot be used.");
            return ExitCodes.Findings;
        }

        try
        {
            // Compiling every workflow catches what parsing alone cannot.
            _ = new LeadScorer(ruleSet);
        }
        catch (RuleSetException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.Findings;
        }

        var rules = ruleSet.ScoringRules.Count();
        output.WriteLine($"ok: {ruleSet.Identity}: {rules} scoring rules in {ruleSet.Dimensions.Count} dimensions, {ruleSet.TierRules.Count} tier rules, {ruleSet.SignalCatalogue.Count} signal types.");
        return ExitCodes.Ok;
    }
}
