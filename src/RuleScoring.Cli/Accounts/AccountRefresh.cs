using System.Globalization;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Rules;
using RuleScoring.Storage.Accounts;
using RuleScoring.Storage.Database;

namespace RuleScoring.Cli.Accounts;

/// <summary>After leads are scored: rescore their accounts and bring the lifecycle up to date.</summary>
internal static class AccountRefresh
{
    /// <param name="fresh">Contacts the rescore classified while it stored their cards (null: every contact is read).</param>
    /// <param name="lifecycleFollowed">What the rescore's batches already did to the lifecycle (null: bring it up to date from every stored event now).</param>
    /// <returns>Account cards stored with rule errors (each printed to <paramref name="error"/>, the first ten in full).</returns>
    public static int Run(ScoreDatabase database, RuleSet rules, DateTimeOffset asOf, TextWriter output, TextWriter? error = null, FreshContacts? fresh = null,
        Storage.Lifecycle.LifecycleUpdateResult? lifecycleFollowed = null)
    {
        var withErrors = 0;
        if (rules.Accounts is not null)
        {
            var result = database.Accounts.Rescore(fresh?.Scorer ?? new AccountScorer(rules), asOf, fresh: fresh);
            var tiers = database.Accounts.CountByTier().Select(t => $"{t.Tier} {t.Accounts.ToString("N0", CultureInfo.InvariantCulture)}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"scored {result.Accounts:N0} account(s): {result.HistoryRows:N0} new history row(s), {result.TierChanges:N0} tier change(s) ({result.Elapsed.TotalSeconds:0.0} s); account tiers now: {Scoring.RescoreCommand.TierList(tiers)}"));
            withErrors = result.WithErrors;
            foreach (var sample in result.ErrorSamples)
            {
                error?.WriteLine(sample);
            }

            if (withErrors > 0)
            {
                error?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{withErrors:N0} account card(s) have rule errors (stored with them); run 'rulescore validate'."));
            }
        }

        var lifecycle = lifecycleFollowed ?? database.Lifecycle.Update();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lifecycle: {lifecycle.Transitions:N0} new stage transition(s) for {lifecycle.Leads:N0} lead(s), {lifecycle.Recycles:N0} recycle(s)"));
        if (lifecycle.FirstScoredAfterClose > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"lifecycle: {lifecycle.FirstScoredAfterClose:N0} lead(s) first scored after their deal closed (a backfilled history): not counted as qualifying again; rescore as of earlier dates to give the funnel its order"));
        }
        return withErrors;
    }
}
