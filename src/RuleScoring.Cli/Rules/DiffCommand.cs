using System.CommandLine;
using RuleScoring.Core.Governance;
using RuleScoring.Core.Output;
using RuleScoring.Replay.Versions;

namespace RuleScoring.Cli.Rules;

/// <summary>
/// <c>rulescore diff --base REF|DIR [--head REF|DIR]</c>: what changed between two rule versions,
/// the class of each change, and the approvals it needs vs those in the changelog. A report:
/// exit 0 whatever it finds (<c>validate --base</c> is the gate); 2 when a side cannot be read.
/// </summary>
internal static class DiffCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var @base = new Option<string>("--base") { Description = "The rules before the change: a git ref (e.g. origin/main) or a folder", Required = true };
        var head = new Option<string?>("--head") { Description = "The rules after the change: a git ref or a folder (default: --rules)" };
        var rules = CommonOptions.Rules();
        var format = new Option<DiffFormat>("--format")
        {
            Description = "table for the terminal, markdown for a pull-request comment, json for scripts",
            DefaultValueFactory = _ => DiffFormat.Table,
        };
        var command = new Command("diff", "What changed between two rule versions, each change's class, and the approvals it needs")
        {
            @base, head, rules, format,
        };
        command.SetAction(parse => Run(parse.GetValue(@base)!, parse.GetValue(head), parse.GetValue(rules)!, parse.GetValue(format), output, error));
        return command;
    }

    private static int Run(string baseSource, string? headSource, string rulesDir, DiffFormat format, TextWriter output, TextWriter error)
    {
        RuleVersion @base, head;
        try
        {
            @base = RulesSource.Load(baseSource, rulesDir, "base");
            head = RulesSource.Load(headSource ?? rulesDir, rulesDir, "head");
        }
        catch (RulesSourceException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.InputError;
        }

        var review = Review(@base, head);
        DiffWriter.Write(output, format, review, @base, head);
        return ExitCodes.Ok;
    }

    public static GovernanceReview Review(RuleVersion @base, RuleVersion head) =>
        GovernanceReviewer.Review(RuleSetDiffer.Compare(@base.Rules, head.Rules), @base.Rules.Governance, head.Rules.Governance, head.Changelog);
}
