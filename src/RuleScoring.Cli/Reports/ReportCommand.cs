using System.CommandLine;
using RuleScoring.Core.Output;
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
        var funnel = new Option<bool>("--funnel") { Description = "The lifecycle funnel instead: stage counts, stage-to-stage conversion, median time in stage, by tier and by month" };
        var pilot = new Option<bool>("--pilot") { Description = "Pilot vs control instead: SAL, opportunity and win rates and speed-to-lead with 95 % intervals, cohorts by month (see 'rulescore pilot')" };
        var command = new Command("report", "Tier counts, conversion by tier and composite band, fit x intent, sales acceptance and SLA compliance; --funnel for the lifecycle funnel, --pilot for pilot vs control") { rules, db, funnel, pilot };
        command.SetAction(parse => Run(parse.GetValue(rules)!, parse.GetValue(db)!, parse.GetValue(funnel), parse.GetValue(pilot), time, output, error));
        return command;
    }

    private static int Run(string rulesDir, string dbPath, bool funnel, bool pilot, TimeProvider time, TextWriter output, TextWriter error)
    {
        if (funnel && pilot)
        {
            error.WriteLine("--funnel and --pilot are two reports: ask for one");
            return ExitCodes.InputError;
        }

        if (pilot)
        {
            // The comparison reads assignments and outcomes only: it needs no rules.
            try
            {
                using var pilotDb = ScoreDatabase.Open(dbPath, time, create: false);
                Pilot.PilotWriter.Write(new PilotReportBuilder(pilotDb).Build(), output);
                return ExitCodes.Ok;
            }
            catch (StorageException ex)
            {
                error.WriteLine(ex.Message);
                return ExitCodes.InputError;
            }
        }

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
            if (funnel)
            {
                FunnelWriter.Write(new FunnelBuilder(database).Build(), output);
                return ExitCodes.Ok;
            }

            ReportWriter.Write(new ReportBuilder(database).Build(ruleSet.Identity, ruleSet.Bands), output);
            RoutingReportWriter.Write(new RoutingReportBuilder(database).Build(), output);
            WriteMatrix(database, ruleSet, output);
            return ExitCodes.Ok;
        }
        catch (StorageException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.InputError;
        }
    }

    /// <summary>The fit x intent matrix, when model.json says where high starts.</summary>
    public static void WriteMatrix(ScoreDatabase database, RuleSet ruleSet, TextWriter output)
    {
        if (ruleSet.Reports is { } thresholds)
        {
            output.WriteLine();
            FunnelWriter.WriteMatrix(FitIntentMatrix.Build(database, ruleSet.Identity, thresholds), thresholds.HighFit, thresholds.HighIntent, output);
        }
    }
}
