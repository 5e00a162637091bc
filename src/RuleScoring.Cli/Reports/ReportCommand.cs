using System.CommandLine;
using RuleScoring.Core.Governance;
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
        var html = new Option<string?>("--html") { Description = "Also write the scoring council's report to FILE: one self-contained HTML page (charts with their tables, drift this month vs last), opens offline", HelpName = "FILE" };
        var format = CommonOptions.Format();
        format.Description = "table (the text report) or json (the council report's numbers, for machines)";
        var command = new Command("report", "Tier counts, conversion by tier and composite band, fit x intent, sales acceptance and SLA compliance; --funnel for the lifecycle funnel, --pilot for pilot vs control, --html FILE or --format json for the council report") { rules, db, funnel, pilot, html, format };
        command.SetAction(parse => Run(new Request(parse.GetValue(rules)!, parse.GetValue(db)!, parse.GetValue(funnel), parse.GetValue(pilot), parse.GetValue(html), parse.GetValue(format)), time, output, error));
        return command;
    }

    private sealed record Request(string Rules, string Db, bool Funnel, bool Pilot, string? Html, OutputFormat Format)
    {
        public bool Council => Html is not null || Format == OutputFormat.Json;
    }

    private static int Run(Request request, TimeProvider time, TextWriter output, TextWriter error)
    {
        var (rulesDir, dbPath, funnel, pilot) = (request.Rules, request.Db, request.Funnel, request.Pilot);
        if (funnel && pilot)
        {
            error.WriteLine("--funnel and --pilot are two reports: ask for one");
            return ExitCodes.InputError;
        }

        if (request.Format == OutputFormat.Jsonl)
        {
            error.WriteLine("--format jsonl: the report is one document; use --format json");
            return ExitCodes.InputError;
        }

        if (request.Council && (funnel || pilot))
        {
            error.WriteLine($"{(funnel ? "--funnel" : "--pilot")} is a text report of its own; --html and --format json write the council report, which holds the funnel: ask for one");
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

        if (Scoring.ScorerLoading.TryLoad(rulesDir, error) is not { } ruleSet)
        {
            return ExitCodes.InputError;
        }

        try
        {
            using var database = ScoreDatabase.Open(dbPath, time, create: false);
            if (request.Council)
            {
                return Council(database, ruleSet, rulesDir, request, output, error);
            }

            if (funnel)
            {
                FunnelWriter.Write(new FunnelBuilder(database).Build(), output);
                return ExitCodes.Ok;
            }

            ReportWriter.Write(new ReportBuilder(database).Build(ruleSet.Identity, ruleSet.Bands), output);
            RoutingReportWriter.Write(new RoutingReportBuilder(database).Build(), output);
            var now = time.GetUtcNow();
            DeliveryReportWriter.Write(database.Deliveries.Counts(CouncilReportBuilder.PeriodStart(now), now), output);
            WriteMatrix(database, ruleSet, output);
            return ExitCodes.Ok;
        }
        catch (StorageException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.InputError;
        }
    }

    private static int Council(ScoreDatabase database, RuleSet ruleSet, string rulesDir, Request request, TextWriter output, TextWriter error)
    {
        var report = new CouncilReportBuilder(database).Build(ruleSet.Identity, ruleSet.Bands, ChangelogReader.Read(rulesDir));
        if (request.Html is { } file)
        {
            // Written beside the target and moved over it: an interrupted run leaves the old page whole.
            try
            {
                ReplacedFile.Write(file, w => w.Write(CouncilHtml.Write(report)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"--html {file}: cannot write the report ({ex.Message})");
                return ExitCodes.InputError;
            }

            if (request.Format != OutputFormat.Json)
            {
                output.WriteLine($"council report written to {file}");
            }
        }

        if (request.Format == OutputFormat.Json)
        {
            using var json = new MemoryStream();
            CouncilJson.Write(report, json);
            output.WriteLine(System.Text.Encoding.UTF8.GetString(json.ToArray()));
        }

        return ExitCodes.Ok;
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
