using System.CommandLine;
using System.Globalization;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Output;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Pilot;

namespace RuleScoring.Cli.Pilot;

/// <summary>
/// <c>rulescore pilot --share 0.5 [--seed S] [--from DATE]</c>: puts every lead not yet in the
/// pilot into the pilot group (routed by score) or the control group (baseline process), by a
/// stable hash of lead id and seed, and records it. Run it after each import: earlier leads keep
/// their group, new ones get theirs. `report --pilot` compares the groups.
/// </summary>
internal static class PilotCommand
{
    public static Command Create(TimeProvider time, TextWriter output, TextWriter error)
    {
        var db = CommonOptions.Db();
        var share = new Option<double>("--share") { Description = "Share of leads in the pilot group (routed by score), between 0 and 1", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the assignment hash: same seed, same groups", DefaultValueFactory = _ => 1 };
        var from = new Option<string?>("--from") { Description = "The pilot's start (ISO 8601): leads that entered before it stay out" };
        var command = new Command("pilot", "Assign leads to a pilot group (routed by score) or a control group, deterministically; report --pilot compares them")
        {
            db, share, seed, from,
        };
        command.SetAction(parse => Run(parse.GetValue(db)!, parse.GetValue(share), parse.GetValue(seed), parse.GetValue(from), time, output, error));
        return command;
    }

    private static int Run(string dbPath, double share, int seed, string? fromText, TimeProvider time, TextWriter output, TextWriter error)
    {
        if (!(share > 0 && share < 1))
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"--share {share} must be between 0 and 1 (e.g. 0.5), exclusive: a pilot needs both groups"));
            return ExitCodes.InputError;
        }

        DateTimeOffset? from = null;
        if (fromText is not null)
        {
            if (!Timestamps.TryParse(fromText, out var parsed))
            {
                error.WriteLine($"--from \"{fromText}\" is not an ISO 8601 timestamp (e.g. 2026-11-01 or 2026-11-01T00:00:00Z)");
                return ExitCodes.InputError;
            }

            from = parsed;
        }

        try
        {
            using var database = ScoreDatabase.Open(dbPath, time, create: false);
            var r = database.Pilot.Assign(share, seed, from);
            var c = CultureInfo.InvariantCulture;
            output.WriteLine(string.Create(c,
                $"pilot: {r.NewPilot + r.NewControl:N0} new lead(s) assigned ({r.NewPilot:N0} pilot, {r.NewControl:N0} control); now {r.TotalPilot:N0} pilot and {r.TotalControl:N0} control (share {r.Settings.Share:0.###}, seed {r.Settings.Seed})"));
            if (r.BeforeStart > 0)
            {
                output.WriteLine(string.Create(c, $"pilot: {r.BeforeStart:N0} lead(s) entered before the start {Timestamps.Format(r.Settings.From!.Value)} and stay out"));
            }

            output.WriteLine($"Next: rulescore report --pilot --db {dbPath}");
            return ExitCodes.Ok;
        }
        catch (PilotException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.InputError;
        }
        catch (StorageException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.InputError;
        }
    }
}
