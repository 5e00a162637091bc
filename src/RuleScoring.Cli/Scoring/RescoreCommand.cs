using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Output;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Accounts;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;

namespace RuleScoring.Cli.Scoring;

/// <summary><c>rulescore rescore</c>: score every stored lead as of one time, a batch per transaction.</summary>
internal static class RescoreCommand
{
    public static Command Create(TimeProvider time, TextWriter output, TextWriter error)
    {
        var asOf = new Option<string?>("--as-of") { Description = "Score as of this ISO 8601 time (default: now, to the second)" };
        var batchSize = new Option<int>("--batch-size") { Description = "Leads per transaction", DefaultValueFactory = _ => 1000 };
        var fastCompiler = new Option<bool>("--fast-compiler") { Description = "Compile rules with FastExpressionCompiler (same cards, faster)" };
        var compactHistory = new Option<bool>("--compact-history")
        {
            Description = "Also rewrite the cards stored whole under these rules (a database from before compact cards) in their compact form",
        };
        var rules = CommonOptions.Rules();
        var db = CommonOptions.Db();
        var command = new Command("rescore", "Score every lead in the database and store the cards: history, current score, tier changes")
        {
            asOf, batchSize, rules, db, fastCompiler, compactHistory,
        };

        command.SetAction(parse => Run(parse.GetValue(asOf), parse.GetValue(batchSize), parse.GetValue(rules)!, parse.GetValue(db)!,
            parse.GetValue(fastCompiler), parse.GetValue(compactHistory), time, output, error));
        return command;
    }

    private static int Run(string? asOfText, int batchSize, string rulesDir, string dbPath, bool fastCompiler, bool compactHistory,
        TimeProvider time, TextWriter output, TextWriter error)
    {
        var now = time.GetUtcNow();
        // Whole seconds: a card's JSON keeps seconds, so the stored card is exactly the scored one.
        var asOf = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        if (asOfText is not null && !Timestamps.TryParse(asOfText, out asOf))
        {
            error.WriteLine($"--as-of \"{asOfText}\" is not an ISO 8601 timestamp (e.g. 2026-11-20 or 2026-11-20T14:05:00Z)");
            return ExitCodes.InputError;
        }

        if (batchSize < 1)
        {
            error.WriteLine("--batch-size must be at least 1");
            return ExitCodes.InputError;
        }

        if (ScorerLoading.TryCreate(rulesDir, fastCompiler, error) is not { } scorer)
        {
            return ExitCodes.InputError;
        }

        try
        {
            // Every table the rescore writes is checked first; leads and signals it reads through itself.
            using var database = ScoreDatabase.Open(dbPath, time, create: false, verify: true, verifySkipping: ["leads", "signals"]);
            var clock = new ProgressClock(time);
            var shownErrors = 0;
            // Contacts are classified while each batch's leads and cards are in memory, for the account roll-up after it.
            var contacts = scorer.RuleSet.Accounts is null ? null : new FreshContacts(new AccountScorer(scorer.RuleSet));
            var result = new Rescorer(database, scorer, contacts).RescoreAll(asOf, batchSize,
                progress =>
                {
                    if (clock.Due())
                    {
                        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"rescore: {progress.Scored:N0}/{progress.Total:N0} leads, {progress.LeadsPerSecond:N0} leads/s, ETA {Eta(progress.Remaining)}"));
                    }
                },
                card =>
                {
                    if (shownErrors++ < 10)
                    {
                        error.WriteLine($"lead {card.LeadId}: {string.Join("; ", card.Errors)}");
                    }
                },
                followLifecycle: true);

            var tiers = database.Scores.CountByTier()
                .Select(t => $"{t.Tier ?? "none"} {t.Count.ToString("N0", CultureInfo.InvariantCulture)}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"scored {result.Scored:N0} lead(s) as of {Timestamps.Format(asOf)} under {scorer.RuleSet.Identity}: " +
                $"{result.HistoryRows:N0} new history row(s), {result.TierChanges:N0} tier change(s) " +
                $"({result.Elapsed.TotalSeconds:0.0} s, {(result.LeadsPerSecond > 0 ? result.LeadsPerSecond.ToString("N0", CultureInfo.InvariantCulture) : "-")} leads/s)"));
            if (result.NotYetCreated > 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{result.NotYetCreated:N0} lead(s) not yet created at {Timestamps.Format(asOf)}: not scored (a card never predates its lead)"));
            }

            output.WriteLine($"tiers now: {TierList(tiers)}");
            if (compactHistory)
            {
                var (compacted, whole) = database.Scores.CompactStoredCards(scorer.CardTemplate, batchSize);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"compacted {compacted:N0} card(s) stored whole under {scorer.RuleSet.Identity}{(whole > 0 ? $"; {whole:N0} kept whole (their template cannot rebuild them exactly)" : "")}"));
            }

            var accountErrors = Accounts.AccountRefresh.Run(database, scorer.RuleSet, asOf, output, error, contacts, result.Lifecycle);
            if (result.WithErrors > 0)
            {
                error.WriteLine($"{result.WithErrors} card(s) have rule errors (stored with them); run 'rulescore validate'.");
            }

            return result.WithErrors > 0 || accountErrors > 0 ? ExitCodes.Findings : ExitCodes.Ok;
        }
        catch (StorageException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.InputError;
        }
        catch (DbException ex)
        {
            // A write after the lead scores (accounts, lifecycle) on a database that filled up or went read-only.
            error.WriteLine(StoreFailure.Describe(ScoreDatabase.NameOf(dbPath), ex, "the step in flight was rolled back; what was stored before it is kept"));
            return ExitCodes.InputError;
        }
    }

    /// <summary>"A 12, B 40", or what an empty database has: nothing in any tier.</summary>
    internal static string TierList(IEnumerable<string> tiers) => string.Join(", ", tiers) is { Length: > 0 } list ? list : "none (no card stored)";

    private static string Eta(TimeSpan? remaining) => remaining switch
    {
        null => "-",
        { TotalHours: >= 1 } r => r.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture),
        { } r => r.ToString(@"m\:ss", CultureInfo.InvariantCulture),
    };
}
