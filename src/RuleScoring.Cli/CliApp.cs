using System.CommandLine;
using System.Data.Common;
using RuleScoring.Cli.Demo;
using RuleScoring.Cli.Import;
using RuleScoring.Cli.Init;
using RuleScoring.Cli.Reports;
using RuleScoring.Cli.Rules;
using RuleScoring.Cli.Scoring;
using RuleScoring.Cli.Worker;
using RuleScoring.Core.Output;
using RuleScoring.Storage.Database;

namespace RuleScoring.Cli;

/// <summary>The <c>rulescore</c> command. Output and time are injected so tests run it in-process.</summary>
internal sealed class CliApp(TimeProvider time, TextWriter output, TextWriter error)
{
    /// <summary>The command tree; the docs test reads it to check every documented command and option.</summary>
    internal RootCommand CreateRoot() => new RootCommand("rulescore: lead scoring from versioned JSON rules (fit, intent, behavior -> tier, with reasons)")
        {
            ScoreCommand.Create(time, output, error),
            ValidateCommand.Create(output, error),
            InitCommand.Create(time, output, error),
            ImportCommand.Create(time, output, error),
            RescoreCommand.Create(time, output, error),
            ExplainCommand.Create(time, output, error),
            DiffCommand.Create(output, error),
            ReportCommand.Create(time, output, error),
            Pilot.PilotCommand.Create(time, output, error),
            DemoCommand.Create(time, output, error),
            RunCommand.Create(time, output, error),
            Deliveries.DeliveriesCommand.Create(time, output, error),
            Export.ExportCommand.Create(time, output, error),
            Replay.ReplayCommand.Create(time, output, error),
            Replay.Calibration.CalibrateCommand.Create(time, output, error),
            Replay.Adapters.ConvertCommand.Create(output, error),
        };

    public async Task<int> RunAsync(string[] args)
    {
        var parsed = CreateRoot().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }

            await error.WriteLineAsync("Run 'rulescore --help' for usage.");
            return ExitCodes.InputError;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (DbException ex)
        {
            // A damaged file or a server gone away is a condition of the machine, not a bug: one
            // line naming the database, never a stack trace.
            await error.WriteLineAsync(StoreFailure.Describe(DatabaseNamed(args), ex, "the command stopped there"));
            return ExitCodes.InputError;
        }
    }

    private static string DatabaseNamed(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--db" && i + 1 < args.Length)
            {
                return ScoreDatabase.NameOf(args[i + 1]);
            }

            if (args[i].StartsWith("--db=", StringComparison.Ordinal))
            {
                return ScoreDatabase.NameOf(args[i]["--db=".Length..]);
            }
        }

        return CommonOptions.DefaultDb;
    }
}
