using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Output;
using RuleScoring.Core.Routing;
using RuleScoring.Core.RuleTests;
using RuleScoring.Core.Scoring;
using RuleScoring.Replay.Data;
using RuleScoring.Replay.Metrics;
using RuleScoring.Replay.Reports;
using RuleScoring.Replay.Routing;
using RuleScoring.Replay.Versions;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Import;

namespace RuleScoring.Replay;

/// <summary>
/// The replay tool: scores every closed deal with two rule versions at the same point in time
/// (only what was known then), and writes the comparison as report.md (for the pull request),
/// report.json, report.html (charts) and leads.csv. Exit 0, 1 when a gate fails, 2 on bad input.
/// </summary>
internal static class ReplayCommand
{
    /// <summary><c>rulescore replay</c>: the command the CLI hosts.</summary>
    public static Command Create(TimeProvider time, TextWriter output, TextWriter error)
    {
        var command = new Command("replay", "Backtest two rule versions against closed-won / closed-lost deals, point in time");
        Configure(command, time, output, error);
        return command;
    }

    private static void Configure(Command root, TimeProvider time, TextWriter output, TextWriter error)
    {
        // Required; checked in Run so that a missing --base gets the same one-line usage error as other bad input.
        var @base = new Option<string>("--base") { Description = "Base rules: a git ref (read from the --rules folder's path at that ref) or a folder" };
        var head = new Option<string?>("--head") { Description = "Head rules: a git ref or a folder (default: the --rules folder as it is)" };
        var rules = new Option<string>("--rules") { Description = "The rules folder in the repository (where git refs are read)", DefaultValueFactory = _ => "rules" };
        var db = new Option<string?>("--db") { Description = "Replay the deals in this RuleScoring database" };
        var data = new Option<string?>("--data") { Description = "Replay CSV files in the import contract (leads.csv, signals.csv, deals.csv, dispositions.csv) from this folder" };
        var asOf = new Option<string>("--as-of") { Description = "When each deal is scored: created, handoff, close-minus:30d, or a date", DefaultValueFactory = _ => AsOfPolicy.Created };
        var segment = new Option<string?>("--segment") { Description = "Split results by the deal's segment or a lead attribute" };
        var outDir = new Option<string>("--out") { Description = "Folder for report.md, report.json, report.html and leads.csv", DefaultValueFactory = _ => "replay-out" };
        var gateAuc = new Option<double?>("--gate-auc-drop") { Description = "Fail (exit 1) when head's AUC is more than this below base's, e.g. 0.01" };
        var gateLift = new Option<bool>("--gate-top-tier-lift") { Description = "Fail when head's top tier lift is below base's" };
        var gateMql = new Option<double?>("--gate-mql-growth") { Description = "Fail when head's MQL volume grows more than this share, e.g. 0.2" };
        var level = new Option<string>("--level")
        {
            Description = "lead: each deal's lead is scored; account: the account of each deal's lead is scored from every contact known then (its first closed deal counts)",
            DefaultValueFactory = _ => "lead",
        };
        level.AcceptOnlyFromAmong("lead", "account");
        var from = new Option<string?>("--from") { Description = "Replay only deals whose point in time is on or after this date (out of sample after calibrate --train-until DATE)" };
        var until = new Option<string?>("--until") { Description = "Replay only deals whose point in time is before this date" };
        var ignoreTests = new Option<bool>("--ignore-rule-tests") { Description = "Replay a head that fails its own rule tests (tests/*.json) anyway; the report's headline says so" };
        var volume = new Option<double>("--volume-tolerance")
        {
            Description = "How far MQL or SQL volume may move (a share of base's) before the verdict says volume moved, not 'about the same'",
            DefaultValueFactory = _ => 0.2,
        };
        foreach (var option in new Option[] { @base, head, rules, db, data, asOf, segment, outDir, gateAuc, gateLift, gateMql, level, from, until, volume, ignoreTests })
        {
            root.Add(option);
        }

        root.SetAction(parse => parse.GetValue(@base) is null
            ? Usage(error)
            : Run(new Settings(parse.GetValue(@base)!, parse.GetValue(head), parse.GetValue(rules)!, parse.GetValue(db), parse.GetValue(data),
            parse.GetValue(asOf)!, parse.GetValue(segment), parse.GetValue(outDir)!,
            new Gate(parse.GetValue(gateAuc), parse.GetValue(gateLift), parse.GetValue(gateMql)),
            parse.GetValue(level) == "account" ? ReplayLevel.Account : ReplayLevel.Lead)
            {
                From = parse.GetValue(from),
                Until = parse.GetValue(until),
                VolumeTolerance = parse.GetValue(volume),
                IgnoreRuleTests = parse.GetValue(ignoreTests),
            }, time, output, error));
    }

    private static int Usage(TextWriter error)
    {
        error.WriteLine("--base is required: the rules to compare against (a git ref or a folder). Run with --help for every option.");
        return ExitCodes.InputError;
    }

    internal sealed record Settings(string Base, string? Head, string Rules, string? Db, string? Data, string AsOf, string? Segment, string Out, Gate Gate,
        ReplayLevel Level = ReplayLevel.Lead)
    {
        /// <summary>--from: only deals whose point in time is on or after it.</summary>
        public string? From { get; init; }

        /// <summary>--until: only deals whose point in time is before it.</summary>
        public string? Until { get; init; }

        /// <summary>--volume-tolerance: the share MQL or SQL volume may move before the verdict says so.</summary>
        public double VolumeTolerance { get; init; } = 0.2;

        /// <summary>--ignore-rule-tests: replay a head that fails its own rule tests, and say so.</summary>
        public bool IgnoreRuleTests { get; init; }
    }

    internal static int Run(Settings s, TimeProvider time, TextWriter output, TextWriter error)
    {
        if (!AsOfPolicy.TryParse(s.AsOf, out var policy, out var asOfError))
        {
            error.WriteLine(asOfError);
            return ExitCodes.InputError;
        }

        if (!TryPeriod(s, out var period, out var periodError))
        {
            error.WriteLine(periodError);
            return ExitCodes.InputError;
        }

        if (s.VolumeTolerance is < 0 or > 10)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"--volume-tolerance {s.VolumeTolerance}: give a share of base's volume, e.g. 0.2 for 20 %"));
            return ExitCodes.InputError;
        }

        if ((s.Db is null) == (s.Data is null))
        {
            error.WriteLine("give the deals with either --db FILE or --data DIR");
            return ExitCodes.InputError;
        }

        RuleVersion baseRules, headRules;
        try
        {
            baseRules = RulesSource.Load(s.Base, s.Rules, "base");
            headRules = RulesSource.Load(s.Head ?? s.Rules, s.Rules, "head");
        }
        catch (RulesSourceException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.InputError;
        }

        // A head that breaks its own playbook promises is not a candidate: refuse it unless told otherwise.
        var headTestFailures = RuleTestFailures(headRules);
        if (headTestFailures.Count > 0 && !s.IgnoreRuleTests)
        {
            error.WriteLine($"replay: the head rules ({headRules.Source}) fail their own rule tests; fix them, or replay anyway with --ignore-rule-tests:");
            foreach (var failure in headTestFailures)
            {
                error.WriteLine("  " + failure);
            }

            return ExitCodes.Findings;
        }

        if (s.Level == ReplayLevel.Account)
        {
            foreach (var (side, version) in new[] { ("base", baseRules), ("head", headRules) })
            {
                if (version.Rules.Accounts is null)
                {
                    error.WriteLine($"--level account: the {side} rules ({version.Source}) have no account model (account.json and model.json's accounts section)");
                    return ExitCodes.InputError;
                }
            }

            if (s.Gate.MaxMqlGrowth is not null)
            {
                error.WriteLine("--gate-mql-growth applies to leads: account tiers have no MQL flag");
                return ExitCodes.InputError;
            }
        }

        try
        {
            using var deals = DealSource.Open(s.Db, s.Data, time, error);
            if (deals is null)
            {
                return ExitCodes.InputError;
            }

            var database = deals.Database;
            var dbPath = s.Data ?? s.Db;
            var watch = Stopwatch.StartNew();
            var reading = new ProgressLine(error, "read");
            var headAccounts = s.Level == ReplayLevel.Account ? new AccountScorer(headRules.Rules) : null;
            var replayData = (headAccounts is null
                ? ReplayDataLoader.Load(database, policy, s.Segment, reading.Report, period)
                : ReplayDataLoader.LoadAccounts(database, policy, s.Segment, headAccounts.KeyOf, reading.Report, period)) with { Source = s.Data ?? s.Db! };
            replayData = replayData with
            {
                LeftOut = ReplayDataLoader.WithRejected(replayData.LeftOut, deals.RejectedDeals),
                // Their leads are in the store without a deal, yet had a closed one in the file.
                OpenOrNoDeal = Math.Max(0, replayData.OpenOrNoDeal - deals.RejectedDeals.Sum(d => d.Deals)),
            };
            if (replayData.Cases.Count == 0)
            {
                // Nothing to compare is a failed check, not bad input: exit 1, with why.
                var leftOut = replayData.LeftOut.Count == 0 ? "no closed (won/lost) deal in the data"
                    : "every closed deal left out: " + string.Join(", ", replayData.LeftOut.Select(l => $"{Format.Count(l.Deals)} {l.Reason}"));
                error.WriteLine($"replay: nothing to compare in {dbPath}: {leftOut}"
                    + (s.Level == ReplayLevel.Account ? $"; {replayData.NoAccount} leads with a closed deal in no account" : ""));
                return ExitCodes.Findings;
            }

            watch.Restart();
            var replaying = new ProgressLine(error, "replay");
            // Routing routes leads: at account level there is nothing to route.
            var (baseRouter, headRouter) = s.Level == ReplayLevel.Lead ? (Router.For(baseRules.Rules), Router.For(headRules.Rules)) : (null, null);
            var cases = Replayer.Run(replayData.Cases, Scorer(baseRules, s.Level, baseRouter), Scorer(headRules, s.Level, headRouter),
                done => replaying.Report(done, replayData.Cases.Count));
            var report = MetricsBuilder.Build(replayData, cases, (baseRules.Source, baseRules.Rules), (headRules.Source, headRules.Rules), policy.Describe(), s.Segment);
            report = report with
            {
                VolumeTolerance = s.VolumeTolerance,
                HeadRuleTestFailures = headTestFailures,
                Routing = RoutingLoadBuilder.Build(cases, s.Level, baseRouter, headRouter),
            };
            report = report with { GateFailures = s.Gate.Check(report) };

            Directory.CreateDirectory(s.Out);
            var markdown = MarkdownReport.Write(report);
            File.WriteAllText(Path.Combine(s.Out, "report.md"), markdown);
            File.WriteAllText(Path.Combine(s.Out, "report.json"), JsonSerializer.Serialize(report, ReportJson.Options));
            File.WriteAllText(Path.Combine(s.Out, "report.html"), HtmlReport.Write(report, cases));
            var casesFile = LeadsCsv.FileName(s.Level);
            LeadsCsv.Write(Path.Combine(s.Out, casesFile), cases, s.Level);
            output.Write(markdown);
            error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"replay: {cases.Count:N0} {(s.Level == ReplayLevel.Account ? "accounts" : "deals")} x 2 versions in {watch.Elapsed.TotalSeconds:N1} s; wrote {Path.Combine(s.Out, "report.md")}, report.json, report.html, {casesFile}; {MarkdownReport.LeftOut(report).Replace("**", "", StringComparison.Ordinal)}"));
            foreach (var failure in report.GateFailures)
            {
                error.WriteLine("gate failed: " + failure);
            }

            if (report.NothingToCompare is { } nothing)
            {
                error.WriteLine($"replay: nothing to compare: {nothing}");
                return ExitCodes.Findings;
            }

            return report.GateFailures.Count == 0 ? ExitCodes.Ok : ExitCodes.Findings;
        }
        catch (StorageException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.InputError;
        }
    }

    /// <summary>Each problem reading head's rule tests and each failing case, one line each ("tests/tiers.json:31: 'name': tier: expected A, got B").</summary>
    private static List<string> RuleTestFailures(RuleVersion version)
    {
        var failures = version.Tests.Problems.Select(p => p.ToString()).ToList();
        failures.AddRange(RuleTestRunner.Run(new LeadScorer(version.Rules), version.Tests.Cases)
            .Where(r => !r.Passed)
            .Select(r => $"{r.Case.File}{(r.Case.Line is { } line ? $":{line}" : "")}: '{r.Case.Name}': {string.Join("; ", r.Failures)}"));
        return failures;
    }

    private static bool TryPeriod(Settings s, out ReplayPeriod period, out string error)
    {
        period = ReplayPeriod.All;
        error = "";
        DateTimeOffset? from = null, until = null;
        foreach (var (name, text) in new[] { ("--from", s.From), ("--until", s.Until) })
        {
            if (text is null)
            {
                continue;
            }

            if (!Timestamps.TryParse(text, out var at))
            {
                error = $"{name} '{text}': use an ISO 8601 date, e.g. 2026-07-01";
                return false;
            }

            if (name == "--from")
            {
                from = at;
            }
            else
            {
                until = at;
            }
        }

        if (from >= until)
        {
            error = $"--from {s.From} is not before --until {s.Until}: no deal could be replayed";
            return false;
        }

        period = new ReplayPeriod(from, until);
        return true;
    }

    private static Func<ReplayCase, ReplayScore> Scorer(RuleVersion version, ReplayLevel level, Router? router) => level == ReplayLevel.Account
        ? Replayer.Accounts(new LeadScorer(version.Rules), new AccountScorer(version.Rules))
        : Replayer.Leads(new LeadScorer(version.Rules), router);
}
