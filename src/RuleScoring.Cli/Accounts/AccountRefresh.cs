using System.Globalization;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Rules;
using RuleScoring.Storage.Database;

namespace RuleScoring.Cli.Accounts;

/// <summary>After leads are scored: rescore their accounts and bring the lifecycle up to date.</summary>
internal static class AccountRefresh
{
    public static void Run(ScoreDatabase database, RuleSet rules, DateTimeOffset asOf, TextWriter output)
    {
        if (rules.Accounts is not null)
        {
            var result = database.Accounts.Rescore(new AccountScorer(rules), asOf);
            var tiers = database.Accounts.CountByTier().Select(t => $"{t.Tier} {t.Accounts.ToString("N0", CultureInfo.InvariantCulture)}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"scored {result.Accounts:N0} account(s): {result.HistoryRows:N0} new history row(s), {result.TierChanges:N0} tier change(s) ({result.Elapsed.TotalSeconds:0.0} s); account tiers now: {string.Join(", ", tiers)}"));
        }

        var lifecycle = database.Lifecycle.Update();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lifecycle: {lifecycle.Transitions:N0} new stage transition(s) for {lifecycle.Leads:N0} lead(s), {lifecycle.Recycles:N0} recycle(s)"));
    }
}
