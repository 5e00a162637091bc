using RuleScoring.Core.Accounts;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;

namespace RuleScoring.Replay.Metrics;

/// <summary>Per scoring rule: how often it fired on the deals and how firing related to winning (replay and calibrate).</summary>
internal static class RuleStatsCalculator
{
    /// <summary>The lead scoring rules of a version, as the calculator lists them.</summary>
    public static IReadOnlyList<(string Name, string Dimension, decimal Points)> LeadRules(RuleSet rules) =>
        rules.ScoringRules.Select(r => (r.Name, r.Dimension, r.Points)).ToList();

    /// <summary>The account scoring rules of a version (account.json), listed under the dimension "account".</summary>
    public static IReadOnlyList<(string Name, string Dimension, decimal Points)> AccountRules(AccountModel model) =>
        model.Rules.Select(r => (r.Name, "account", r.Points)).ToList();

    public static List<RuleStats> Compute(RuleSet rules, IReadOnlyList<(ScoreCard Card, bool Won)> deals, IReadOnlyDictionary<string, int>? errors = null) =>
        Compute(LeadRules(rules), deals.Select(d => (d.Card.Reasons.Select(r => r.Code), d.Won)).ToList(), errors);

    public static List<RuleStats> Compute(IReadOnlyList<(string Name, string Dimension, decimal Points)> rules, IReadOnlyList<(IEnumerable<string> Fired, bool Won)> deals,
        IReadOnlyDictionary<string, int>? errors = null)
    {
        // One pass over the deals: how often each rule fired, and on how many wins.
        var fires = new Dictionary<string, (int Fired, int Won)>(StringComparer.Ordinal);
        var wins = 0;
        foreach (var (codes, won) in deals)
        {
            wins += won ? 1 : 0;
            foreach (var code in codes.Distinct(StringComparer.Ordinal))
            {
                var (fired, firedWon) = fires.GetValueOrDefault(code);
                fires[code] = (fired + 1, firedWon + (won ? 1 : 0));
            }
        }

        var baseRate = deals.Count == 0 ? 0 : wins / (double)deals.Count;
        var stats = new List<RuleStats>();
        foreach (var (name, dimension, points) in rules)
        {
            var (firedTotal, firedWon) = fires.GetValueOrDefault(name);
            int n11 = firedWon, n10 = firedTotal - firedWon, n01 = wins - firedWon, n00 = deals.Count - wins - n10;
            var notFired = n01 + n00;
            double? winFired = firedTotal == 0 ? null : n11 / (double)firedTotal;
            var denominator = Math.Sqrt((double)firedTotal * notFired * (n11 + n01) * (n10 + n00));
            stats.Add(new RuleStats(name, dimension, points, firedTotal, deals.Count == 0 ? 0 : firedTotal / (double)deals.Count,
                winFired, notFired == 0 ? null : n01 / (double)notFired,
                winFired is { } w && baseRate > 0 ? w / baseRate : null,
                denominator == 0 ? null : ((double)n11 * n00 - (double)n10 * n01) / denominator,
                errors?.GetValueOrDefault(name) ?? 0));
        }

        return stats;
    }
}
