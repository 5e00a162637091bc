using RuleScoring.Core.Accounts;
using RuleScoring.Core.Routing;
using RuleScoring.Core.Scoring;

namespace RuleScoring.Replay.Data;

/// <summary>Scores every case with both versions (in parallel: the scorers are thread-safe).</summary>
internal static class Replayer
{
    public static IReadOnlyList<ReplayedCase> Run(IReadOnlyList<ReplayCase> cases, Func<ReplayCase, ReplayScore> @base, Func<ReplayCase, ReplayScore> head, Action<int>? progress = null)
    {
        var results = new ReplayedCase[cases.Count];
        var done = 0;
        Parallel.For(0, cases.Count, i =>
        {
            var c = cases[i];
            results[i] = new ReplayedCase(c, @base(c), head(c));
            var n = Interlocked.Increment(ref done);
            if (n % 5000 == 0)
            {
                progress?.Invoke(n);
            }
        });
        progress?.Invoke(cases.Count);
        return results;
    }

    /// <summary>
    /// A lead-level case: the deal's lead scored as of the deal's point in time. With the version's
    /// <paramref name="router"/>, a card whose tier is routed is kept for the routing load.
    /// </summary>
    public static Func<ReplayCase, ReplayScore> Leads(LeadScorer scorer, Router? router = null) => c =>
    {
        var card = scorer.Score(c.Lead, c.AsOf);
        var score = ReplayScore.Of(card);
        return router?.IsRouted(card.Tier?.Tier) == true ? score with { Card = card } : score;
    };

    /// <summary>
    /// An account-level case: every contact scored by the version's lead rules as of the deal's
    /// point in time, classified, and the account scored from them, as the worker would have then.
    /// </summary>
    public static Func<ReplayCase, ReplayScore> Accounts(LeadScorer leads, AccountScorer accounts) => c =>
    {
        var contacts = c.Leads.Select(lead => accounts.Contact(lead, leads.Score(lead, c.AsOf))).ToList();
        return ReplayScore.Of(accounts.Score(c.Id, contacts, c.AsOf));
    };
}
