using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Replay.Data;
using RuleScoring.Replay.Reports;
using RuleScoring.Storage.Database;

namespace RuleScoring.Replay.Calibration;

/// <summary>
/// <c>calibrate</c>: per-rule outcome statistics and suggested points from closed deals,
/// threshold options, and a raw-field baseline. With --write the suggestions go into the rule
/// files (a version bump and a changelog draft included) to go through validate, diff and replay.
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create(TimeProvider time, TextWriter output, TextWriter error)
    {
        var rules = new Option<string>("--rules") { Description = "The rules folder to calibrate", DefaultValueFactory = _ => "rules" };
        var db = new Option<string?>("--db") { Description = "Closed deals from this RuleScoring database" };
        var data = new Option<string?>("--data") { Description = "Closed deals from contract CSV files in this folder" };
        var asOf = new Option<string>("--as-of") { Description = "When each deal is scored: created, handoff, close-minus:30d, or a date", DefaultValueFactory = _ => AsOfPolicy.Created };
        var minFired = new Option<int>("--min-fired") { Description = "A rule needs to have fired on this many deals before its points are suggested", DefaultValueFactory = _ => 30 };
        var exclude = new Option<string[]>("--exclude-field") { Description = "Leave this attribute out of the raw-field baseline (fields that leak the outcome); repeatable", AllowMultipleArgumentsPerToken = true };
        var outDir = new Option<string>("--out") { Description = "Folder for calibration.md and calibration.json", DefaultValueFactory = _ => "calibration-out" };
        var write = new Option<bool>("--write") { Description = "Write the firm suggestions into the rule files, bump the version and draft a CHANGELOG.md entry" };
        var command = new Command("calibrate", "Suggest points and tier cut-offs from closed-won / closed-lost deals; --write puts them in the rule files")
        {
            rules, db, data, asOf, minFired, exclude, outDir, write,
        };
        command.SetAction(parse => Run(parse.GetValue(rules)!, parse.GetValue(db), parse.GetValue(data), parse.GetValue(asOf)!, parse.GetValue(minFired),
            (parse.GetValue(exclude) ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase), parse.GetValue(outDir)!, parse.GetValue(write), time, output, error));
        return command;
    }

    internal static int Run(string rulesDirectory, string? db, string? data, string asOfText, int minFired, IReadOnlySet<string> excluded, string outDir, bool write,
        TimeProvider time, TextWriter output, TextWriter error)
    {
        if (!AsOfPolicy.TryParse(asOfText, out var policy, out var asOfError))
        {
            error.WriteLine(asOfError);
            return 2;
        }

        if ((db is null) == (data is null))
        {
            error.WriteLine("give the deals with either --db FILE or --data DIR");
            return 2;
        }

        RuleSet rules;
        try
        {
            rules = RuleSetLoader.Load(rulesDirectory);
        }
        catch (RuleSetException ex)
        {
            error.WriteLine(ex.Message);
            return 2;
        }

        try
        {
            using var deals = DealSource.Open(db, data, time, error);
            if (deals is null)
            {
                return 2;
            }

            var replayData = ReplayDataLoader.Load(deals.Database, policy, null, new ProgressLine(error, "read").Report) with { Source = data ?? db! };
            if (replayData.Cases.Count == 0)
            {
                error.WriteLine($"no closed (won/lost) deals with a date for '{asOfText}' to calibrate on");
                return 2;
            }

            var scorer = new LeadScorer(rules);
            var cards = new ScoreCard[replayData.Cases.Count];
            Parallel.For(0, cards.Length, i => cards[i] = scorer.Score(replayData.Cases[i].Lead, replayData.Cases[i].AsOf));
            var report = Calibrator.Build(rules, rulesDirectory, replayData, cards, policy.Describe(), minFired, excluded, DispositionLoop.Build(deals.Database, scorer));
            var markdown = CalibrationMarkdown.Write(report);
            Directory.CreateDirectory(outDir);
            File.WriteAllText(Path.Combine(outDir, "calibration.md"), markdown);
            File.WriteAllText(Path.Combine(outDir, "calibration.json"), JsonSerializer.Serialize(report, ReportJson.Options));
            output.Write(markdown);
            if (write)
            {
                var written = RulesWriter.Write(rulesDirectory, rules, report.Suggestions, report, time.GetUtcNow());
                error.WriteLine(written.Count == 0
                    ? "calibrate --write: no firm suggestion differs from the current points; nothing written"
                    : string.Create(CultureInfo.InvariantCulture, $"calibrate --write: {written.Count} rule(s) changed in {rulesDirectory}, version bumped, CHANGELOG.md entry drafted (approvals to fill in). Next: rulescore validate, rulescore diff, rulescore replay."));
            }

            return 0;
        }
        catch (Storage.Database.StorageException ex)
        {
            error.WriteLine(ex.Message);
            return 2;
        }
    }
}
