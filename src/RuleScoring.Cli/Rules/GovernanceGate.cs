using System.CommandLine;
using RuleScoring.Core.Governance;
using RuleScoring.Core.Output;
using RuleScoring.Core.Rules;
using RuleScoring.Replay.Versions;

namespace RuleScoring.Cli.Rules;

/// <summary>
/// What <c>validate</c> adds for rules as a reviewed artefact: CHANGELOG.md must parse, and with
/// <c>--base REF|DIR</c> the change must bump the version and have a changelog entry carrying
/// every approval its change classes need. Kept apart from <see cref="ValidateCommand"/> so the
/// plain validation reads on its own.
/// </summary>
internal static class GovernanceGate
{
    public static Option<string?> BaseOption() => new("--base")
    {
        Description = "Also check governance against these rules (a git ref such as origin/main, or a folder): version bump, changelog entry, approvals",
    };

    /// <summary>Runs after the plain validation (<paramref name="validation"/> is its exit code); governance only when it passed.</summary>
    public static int Check(int validation, string rulesDir, string? baseSource, TextWriter output, TextWriter error)
    {
        var changelog = ChangelogReader.Read(rulesDir);
        if (validation != ExitCodes.Ok)
        {
            // The changelog's own problems in the same run as the rules' (governance needs rules that load).
            foreach (var problem in validation == ExitCodes.Findings ? changelog.Problems : [])
            {
                error.WriteLine(problem);
            }

            return validation;
        }

        if (baseSource is null)
        {
            foreach (var problem in changelog.Problems)
            {
                error.WriteLine(problem);
            }

            return changelog.Problems.Count > 0 ? ExitCodes.Findings : ExitCodes.Ok;
        }

        RuleVersion @base, head;
        try
        {
            @base = RulesSource.Load(baseSource, rulesDir, "base");
            head = new RuleVersion(rulesDir, RuleSetLoader.Load(rulesDir), changelog);
        }
        catch (RulesSourceException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.InputError;
        }

        var review = DiffCommand.Review(@base, head);
        foreach (var problem in review.Problems)
        {
            (problem.Severity == RuleProblemSeverity.Error ? error : output).WriteLine(problem);
        }

        var classes = review.Diff.Classes.Count == 0 ? "" : $" ({string.Join(", ", review.Diff.Classes.Select(ChangeClasses.Key))})";
        if (!review.Passed)
        {
            error.WriteLine($"governance: {DiffWriter.Headline(review, "->")}{classes}: not ready to merge.");
            return ExitCodes.Findings;
        }

        output.WriteLine($"governance ok against {@base.Source}: {DiffWriter.Headline(review, "->")}{classes}.");
        return ExitCodes.Ok;
    }
}
