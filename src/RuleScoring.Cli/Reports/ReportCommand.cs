using System.CommandLine;
using RuleScoring.Core.Rules;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Reports;

namespace RuleScoring.Cli.Reports;

/// <summary><c>rulescore report</c>: tiers, conversion by tier and band, sales acceptance and SLA compliance.</summary>
internal static class ReportCommand
{
    public static Command Create(TimeProvider time, TextWriter output, TextWriter error)
    {
        var rules = CommonOptions.Rules();
        var db = CommonOptions.Db();
        var command = new Command("report", "Tier counts, conversion by tier and composite band, sales acceptance and SLA compliance") { rules, db };
        command.SetAction(parse => Run(parse.GetValue(rules)!, parse.GetValue(db)!, time, output, error));
        return command;
    }

    private static int Run(string rulesDir, string dbPath, TimeProvider time, TextWriter output, TextWriter error)
    {
        RuleSet ruleSet;
        try
        {
            ruleSet = RuleSetLoader.Load(rulesDir);
        }
        catch (RuleSetException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.InputError;
        }

        try
        {
            using var database = ScoreDatabase.Open(dbPath, time, create: false);
            ReportWriter.Write(new ReportBuilder(database).Build(ruleSet.Identity), output);
            return ExitCodes.Ok;
        }
        catch (StorageException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.InputError;
        }
    }
}
