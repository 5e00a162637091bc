using RuleScoring.Core.Scoring;

namespace RuleScoring.Core.RuleTests;

/// <summary>Scores each golden lead and compares its card with what the case expects.</summary>
public static class RuleTestRunner
{
    public static IReadOnlyList<RuleTestResult> Run(LeadScorer scorer, IEnumerable<RuleTestCase> cases)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(cases);
        var router = Routing.Router.For(scorer.RuleSet);
        return cases.Select(c =>
        {
            var card = scorer.Score(c.Lead, c.AsOf, c.Motion);
            var failures = Compare(c.Expect, card).ToList();
            if (c.Expect.Queue is { } queue)
            {
                var decision = router?.Decide(card, c.Lead, Routing.RouteAccount.None);
                if (decision is null)
                {
                    failures.Add($"queue: expected {queue}, but the rules have no {Routing.RoutingModel.File}");
                }
                else if (decision.Queue != queue)
                {
                    failures.Add($"queue: expected {queue}, got {decision.Queue} ({decision.Rule ?? decision.Reason}{(decision.Error is { } e ? ": " + e : "")})");
                }
            }

            if (c.Expect.Play is { } play)
            {
                var chosen = scorer.RuleSet.Plays?.Choose(card);
                if (chosen?.Play.Name != play)
                {
                    failures.Add($"play: expected {play}, got {chosen?.Play.Name ?? "none"}{(chosen?.Reason is { } r ? $" (by {r})" : "")}");
                }
            }

            return new RuleTestResult(c, card, failures);
        }).ToArray();
    }

    /// <summary>Each way <paramref name="card"/> misses <paramref name="expect"/>, in words; empty when it meets it.</summary>
    public static IReadOnlyList<string> Compare(RuleTestExpectation expect, ScoreCard card)
    {
        ArgumentNullException.ThrowIfNull(expect);
        ArgumentNullException.ThrowIfNull(card);
        var failures = new List<string>();
        var tier = card.Tier?.Tier ?? "(none)";
        if (expect.Tier is { } tiers && !tiers.Contains(tier))
        {
            var wanted = tiers.Count == 1 ? tiers[0] : "one of " + string.Join(", ", tiers);
            failures.Add($"tier: expected {wanted}, got {tier}{ByRule(card)}");
        }

        if (expect.NotTier is { } notTiers && notTiers.Contains(tier))
        {
            failures.Add($"tier: expected not {string.Join(" or ", notTiers)}, got {tier}{ByRule(card)}");
        }

        if (expect.TierRule is { } rule && card.Tier?.Rule != rule)
        {
            failures.Add($"tier rule: expected {rule}, got {card.Tier?.Rule ?? "(none)"}");
        }

        Score("fit", expect.Fit, card.Fit.Score);
        Score("intent", expect.Intent, card.Intent.Score);
        Score("behavior", expect.Behavior, card.Behavior.Score);
        Score("composite", expect.Composite, card.Composite);

        if (expect.Disqualified is { } disqualified && disqualified != card.Disqualified)
        {
            failures.Add($"disqualified: expected {(disqualified ? "true" : "false")}, got {(card.Disqualified ? "true" : "false")}");
        }

        var reasons = card.Reasons.ToDictionary(r => r.Code, StringComparer.Ordinal);
        failures.AddRange(expect.Reasons.Where(code => !reasons.ContainsKey(code)).Select(code => $"missing reason {code}"));
        foreach (var code in expect.NotReasons)
        {
            if (reasons.TryGetValue(code, out var reason))
            {
                failures.Add($"unexpected reason {code} ({(reason.Points > 0 ? "+" : "")}{ScoreRange.Format(reason.Points)}: {reason.Text})");
            }
        }

        failures.AddRange(card.Errors.Select(e => "scoring error: " + e));
        return failures;

        void Score(string name, ScoreRange? range, decimal got)
        {
            if (range is not null && !range.Contains(got))
            {
                failures.Add($"{name}: expected {range}, got {ScoreRange.Format(got)}");
            }
        }
    }

    private static string ByRule(ScoreCard card) => card.Tier is { } t ? $" (by {t.Rule})" : "";
}
