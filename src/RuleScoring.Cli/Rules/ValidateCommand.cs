using System.CommandLine;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Output;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Webhooks;

namespace RuleScoring.Cli.Rules;

/// <summary>
/// <c>rulescore validate</c>: every problem in a rules folder at once (errors to stderr, warnings to
/// stdout), then its golden leads (tests/*.json); exit 1 on any error or failing test.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var rules = CommonOptions.Rules();
        var baseRules = GovernanceGate.BaseOption();
        var db = new Option<string?>("--db")
        {
            Description = "Also check the data in this database against teams.json: every owner a lead or a stored assignment names must be a member",
        };
        var command = new Command("validate", "Check a rules folder: JSON, properties, expressions, references, tier coverage, changelog; run its rule tests; with --base, governance; exit 1 on errors or failed tests") { rules, baseRules, db };
        command.SetAction(parse => GovernanceGate.Check(Run(parse.GetValue(rules)!, parse.GetValue(db), output, error), parse.GetValue(rules)!, parse.GetValue(baseRules), output, error));
        return command;
    }

    private static int Run(string rulesDir, string? dbPath, TextWriter output, TextWriter error)
    {
        if (!Directory.Exists(rulesDir))
        {
            error.WriteLine($"--rules {rulesDir}: folder not found");
            return ExitCodes.InputError;
        }

        var result = RuleSetLoader.Validate(rulesDir);
        // webhooks.json is configuration beside the model (not in its hash), checked here all the same.
        var webhooks = WebhookSettingsReader.Read(rulesDir, result.RuleSet?.TierRules.Select(t => t.Tier).Distinct().ToArray());
        foreach (var problem in result.Problems.Concat(webhooks.Problems))
        {
            (problem.Severity == RuleProblemSeverity.Error ? error : output).WriteLine(problem);
        }

        if (result.RuleSet is not { } ruleSet)
        {
            error.WriteLine($"{result.Errors.Count()} error(s) in {rulesDir}: these rules cannot be used.");
            RuleTestWriter.ReadWithoutRunning(rulesDir, output, error);
            return ExitCodes.Findings;
        }

        LeadScorer scorer;
        try
        {
            // Compiling every workflow catches what parsing alone cannot.
            scorer = new LeadScorer(ruleSet);
            if (ruleSet.Accounts is not null)
            {
                _ = new AccountScorer(ruleSet);
            }
        }
        catch (RuleSetException ex)
        {
            foreach (var problem in ex.Problems)
            {
                error.WriteLine(problem);
            }

            error.WriteLine($"{ex.Problems.Count} error(s) in {rulesDir}: these rules cannot be used.");
            RuleTestWriter.ReadWithoutRunning(rulesDir, output, error);
            return ExitCodes.Findings;
        }

        if (!RuleTestWriter.Run(rulesDir, scorer, output, error))
        {
            return ExitCodes.Findings;
        }

        if (webhooks.Settings is not { } hooks)
        {
            error.WriteLine($"{webhooks.Errors.Count()} error(s) in {rulesDir}/{WebhookSettings.File}: a running worker keeps its last good subscriptions.");
            return ExitCodes.Findings;
        }

        if (dbPath is not null && !OwnersKnown(ruleSet, dbPath, error))
        {
            return ExitCodes.Findings;
        }

        var rules = ruleSet.ScoringRules.Count();
        var accounts = ruleSet.Accounts is { } model
            ? $", account model with {model.Roles.Count} committee roles, {model.Rules.Count} account rules and {model.TierRules.Count} account tiers"
            : "";
        output.WriteLine($"ok: {ruleSet.Identity}: {rules} scoring rules in {ruleSet.Dimensions.Count} dimensions, {ruleSet.TierRules.Count} tier rules, {ruleSet.SignalCatalogue.Count} signal types{accounts}{Webhooks(hooks)}.");
        return ExitCodes.Ok;
    }

    /// <summary>An owner the data names that teams.json does not know: an error here, never a crash in the worker (it round-robins and says why).</summary>
    private static bool OwnersKnown(RuleSet ruleSet, string dbPath, TextWriter error)
    {
        if (ruleSet.Routing is not { } routing)
        {
            return true;
        }

        try
        {
            using var database = Storage.Database.ScoreDatabase.Open(dbPath, TimeProvider.System, create: false);
            var unknown = database.Routing.UnknownOwners(routing.Teams.Members.Keys.ToHashSet(StringComparer.Ordinal));
            foreach (var (leadId, owner, source) in unknown.Take(50))
            {
                error.WriteLine($"{database.Path}: error: lead {leadId}: owner \"{owner}\" ({source}) is not a member in {Core.Routing.TeamModel.File}");
            }

            if (unknown.Count > 50)
            {
                error.WriteLine($"{database.Path}: ... and {unknown.Count - 50} more unknown owner(s)");
            }

            return unknown.Count == 0;
        }
        catch (Storage.Database.StorageException ex)
        {
            error.WriteLine(ex.Message);
            return false;
        }
    }

    private static string Webhooks(WebhookSettings settings) => settings.Subscriptions.Count == 0
        ? ""
        : $", {settings.Subscriptions.Count} webhook subscription(s) ({settings.Enabled.Count()} enabled)";
}
