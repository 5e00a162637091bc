using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RuleScoring.Core.Outcomes;
using RuleScoring.Core.Output;
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
        var minFired = new Option<int>("--min-fired") { Description = "A rule needs to have fired on this many deals, and missed this many, before its points are suggested", DefaultValueFactory = _ => 30 };
        var minShare = new Option<double>("--min-share") { Description = "A rule needs to fire on at least this share of deals and miss at least this share before its points are suggested (one that fires on almost every deal, or almost none, has a meaningless weight)", DefaultValueFactory = _ => 0.02 };
        var exclude = new Option<string[]>("--exclude-field") { Description = "Leave this attribute out of the raw-field baseline (fields that leak the outcome); repeatable", AllowMultipleArgumentsPerToken = true };
        var includeLeaky = new Option<bool>("--include-leaky") { Description = "Keep model.json's leakyFields in the raw-field baseline (left out by default)" };
        var outDir = new Option<string>("--out") { Description = "Folder for calibration.md and calibration.json", DefaultValueFactory = _ => "calibration-out" };
        var write = new Option<bool>("--write") { Description = "Write the firm suggestions into the rule files, bump the version and draft a CHANGELOG.md entry" };
        var allowSignFlips = new Option<bool>("--allow-sign-flips") { Description = "With --write, also write suggestions that turn a reward into a penalty or back (shown, not written, by default)" };
        var capacity = new Option<double>("--capacity") { Description = "The largest share of deals the top tier may take (sales' capacity): cut-off options stop there, and suggested points that push the top tier past it are a warning", DefaultValueFactory = _ => 0.25 };
        var trainUntil = new Option<string?>("--train-until") { Description = "Fit only on deals whose point in time is at or before this date (yyyy-MM-dd, UTC) and report the suggested points' AUC on the later deals" };
        var command = new Command("calibrate", "Suggest points and tier cut-offs from closed-won / closed-lost deals; --write puts them in the rule files")
        {
            rules, db, data, asOf, minFired, minShare, exclude, includeLeaky, outDir, write, allowSignFlips, capacity, trainUntil,
        };
        command.SetAction(parse =>
        {
            DateTimeOffset? until = null;
            if (parse.GetValue(trainUntil) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    error.WriteLine($"--train-until \"{text}\" is not a date (yyyy-MM-dd)");
                    return ExitCodes.InputError;
                }

                // A bare date means the whole day: deals on it are in the training period.
                until = parsed.TimeOfDay == TimeSpan.Zero && !text.Contains('T', StringComparison.Ordinal) ? parsed.AddDays(1).AddTicks(-1) : parsed;
            }

            var settings = new CalibrateSettings(parse.GetValue(rules)!, parse.GetValue(db), parse.GetValue(data), parse.GetValue(asOf)!, parse.GetValue(minFired), parse.GetValue(minShare),
                (parse.GetValue(exclude) ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase), parse.GetValue(includeLeaky), parse.GetValue(outDir)!, parse.GetValue(write),
                parse.GetValue(allowSignFlips), parse.GetValue(capacity), until);
            return Run(settings, time, output, error);
        });
        return command;
    }

    internal static int Run(CalibrateSettings settings, TimeProvider time, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var rulesDirectory = settings.Rules;
        if (!AsOfPolicy.TryParse(settings.AsOf, out var policy, out var asOfError))
        {
            error.WriteLine(asOfError);
            return ExitCodes.InputError;
        }

        if ((settings.Db is null) == (settings.Data is null))
        {
            error.WriteLine("give the deals with either --db FILE or --data DIR");
            return ExitCodes.InputError;
        }

        if (settings.Capacity is <= 0 or > 1 || settings.MinShare is < 0 or >= 0.5)
        {
            error.WriteLine("--capacity is a share of deals above 0 and at most 1; --min-share at least 0 and below 0.5");
            return ExitCodes.InputError;
        }

        RuleSet rules;
        try
        {
            rules = RuleSetLoader.Load(rulesDirectory);
        }
        catch (RuleSetException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.InputError;
        }

        try
        {
            using var deals = DealSource.Open(settings.Db, settings.Data, time, error);
            if (deals is null)
            {
                return ExitCodes.InputError;
            }

            var replayData = ReplayDataLoader.Load(deals.Database, policy, null, new ProgressLine(error, "read").Report) with { Source = settings.Data ?? settings.Db! };
            if (replayData.Cases.Count == 0)
            {
                error.WriteLine($"no closed (won/lost) deals with a date for '{settings.AsOf}' to calibrate on");
                return ExitCodes.InputError;
            }

            var train = settings.TrainUntil is { } until ? replayData.Cases.Where(c => c.AsOf <= until).ToList() : replayData.Cases.ToList();
            var held = settings.TrainUntil is { } cut ? replayData.Cases.Where(c => c.AsOf > cut).ToList() : [];
            if (train.Count == 0 || (settings.TrainUntil is not null && held.Count == 0))
            {
                error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"--train-until {settings.TrainUntil:yyyy-MM-dd} leaves {train.Count} deals to fit on and {held.Count} to hold out (deals' points in time run from {replayData.Cases.Min(c => c.AsOf):yyyy-MM-dd} to {replayData.Cases.Max(c => c.AsOf):yyyy-MM-dd}): pick a date between"));
                return ExitCodes.InputError;
            }

            var scorer = new LeadScorer(rules);
            var cards = Score(scorer, train);
            var report = Calibrator.Build(rules, rulesDirectory, replayData with { Cases = train }, cards, policy.Describe(), settings, DispositionLoop.Build(deals.Database, scorer));
            var changed = report.Suggestions.Where(s => s.Writes(settings.AllowSignFlips)).ToList();
            var suggested = SuggestedPoints.Load(rulesDirectory, rules, changed);
            var suggestedScorer = new LeadScorer(suggested);
            var tiers = SuggestedPoints.Tiers(rules, cards, Score(suggestedScorer, train));
            report = report with { Tiers = tiers, Warnings = SuggestedPoints.Warnings(rules, tiers, settings.Capacity) };
            if (settings.TrainUntil is { } trainUntil)
            {
                report = report with { Holdout = new HoldoutCheck(trainUntil, train.Min(c => c.AsOf), train.Max(c => c.AsOf), train.Count, held.Min(c => c.AsOf), held.Max(c => c.AsOf),
                    held.Count, held.Count(c => c.Won), Auc(held, Score(scorer, held)), Auc(held, Score(suggestedScorer, held))) };
            }

            var markdown = CalibrationMarkdown.Write(report);
            Directory.CreateDirectory(settings.OutDir);
            File.WriteAllText(Path.Combine(settings.OutDir, "calibration.md"), markdown);
            File.WriteAllText(Path.Combine(settings.OutDir, "calibration.json"), JsonSerializer.Serialize(report, ReportJson.Options));
            output.Write(markdown);
            foreach (var warning in report.Warnings)
            {
                error.WriteLine("calibrate: warning: " + warning);
            }

            if (settings.Write)
            {
                var written = RulesWriter.Write(rulesDirectory, rules, report.Suggestions, report, time.GetUtcNow(), settings.AllowSignFlips);
                var flipsHeld = report.Suggestions.Count(s => s.Writes(allowSignFlips: true) && !s.Writes(settings.AllowSignFlips));
                error.WriteLine(written.Count == 0
                    ? "calibrate --write: no firm suggestion differs from the current points; nothing written"
                    : string.Create(CultureInfo.InvariantCulture, $"calibrate --write: {written.Count} rule(s) changed in {rulesDirectory}, version bumped, CHANGELOG.md entry drafted (approvals to fill in). Next: rulescore validate, rulescore diff, rulescore replay."));
                if (flipsHeld > 0)
                {
                    error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"calibrate --write: {flipsHeld} sign flip(s) shown but not written; pass --allow-sign-flips to write them"));
                }
            }

            return ExitCodes.Ok;
        }
        catch (Storage.Database.StorageException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.InputError;
        }
    }

    private static ScoreCard[] Score(LeadScorer scorer, IReadOnlyList<ReplayCase> cases)
    {
        var cards = new ScoreCard[cases.Count];
        Parallel.For(0, cards.Length, i => cards[i] = scorer.Score(cases[i].Lead, cases[i].AsOf));
        return cards;
    }

    private static double? Auc(IReadOnlyList<ReplayCase> cases, IReadOnlyList<ScoreCard> cards) =>
        OutcomeMetrics.Auc(cards.Select((c, i) => new ScoredOutcome(cases[i].Lead.LeadId, c.Composite, c.Tier?.Tier ?? "-", cases[i].Won ? DealOutcome.Won : DealOutcome.Lost)));
}
