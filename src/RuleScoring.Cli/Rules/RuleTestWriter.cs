using RuleScoring.Cli.Scoring;
using RuleScoring.Core.RuleTests;
using RuleScoring.Core.Scoring;

namespace RuleScoring.Cli.Rules;

/// <summary>Runs a rules folder's golden leads (tests/*.json) for <c>validate</c> and prints each failure with the card it got.</summary>
internal static class RuleTestWriter
{
    /// <returns>true when every test file reads and every case passes.</returns>
    public static bool Run(string rulesDir, LeadScorer scorer, TextWriter output, TextWriter error)
    {
        var suite = RuleTestReader.Read(rulesDir, scorer.RuleSet);
        foreach (var problem in suite.Problems)
        {
            error.WriteLine(problem);
        }

        var results = RuleTestRunner.Run(scorer, suite.Cases);
        foreach (var failed in results.Where(r => !r.Passed))
        {
            WriteFailure(error, failed);
        }

        var failures = results.Count(r => !r.Passed);
        if (suite.Files.Count == 0)
        {
            output.WriteLine($"no rule tests: add golden leads to {RuleTestReader.TestsFolder}/*.json so a weight change that breaks a playbook promise fails here.");
        }
        else
        {
            var unreadable = suite.Problems.Count > 0 ? $", {suite.Problems.Count} problem(s) in the test files" : "";
            output.WriteLine($"{results.Count - failures} rule tests passed, {failures} failed{unreadable} ({string.Join(", ", suite.Files)}).");
        }

        return failures == 0 && suite.Problems.Count == 0;
    }

    /// <summary>When the rules do not load: the test files' own problems, in the same run as the rules' errors.</summary>
    public static void ReadWithoutRunning(string rulesDir, TextWriter output, TextWriter error)
    {
        var suite = RuleTestReader.ReadUnchecked(rulesDir);
        foreach (var problem in suite.Problems)
        {
            error.WriteLine(problem);
        }

        if (suite.Files.Count > 0)
        {
            var problems = suite.Problems.Count > 0 ? $", {suite.Problems.Count} problem(s) in the test files" : "";
            output.WriteLine($"rule tests not run until the rules load: {suite.Cases.Count} cases read{problems} ({string.Join(", ", suite.Files)}).");
        }
    }

    private static void WriteFailure(TextWriter o, RuleTestResult result)
    {
        var test = result.Case;
        var where = test.Line is { } line ? $"{test.File}:{line}" : test.File;
        o.WriteLine($"{where}: FAILED '{test.Name}'");
        o.WriteLine($"  why: {test.Why}");
        foreach (var failure in result.Failures)
        {
            o.WriteLine($"  {failure}");
        }

        o.WriteLine("  card:");
        using var card = new StringWriter();
        CardWriter.WriteTable(card, result.Card);
        foreach (var cardLine in card.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            o.WriteLine("    " + cardLine.TrimEnd('\r'));
        }

        o.WriteLine();
    }
}
