using System.Diagnostics;
using System.Globalization;
using RuleScoring.Core.Routing;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;

namespace RuleScoring.Bench;

/// <summary>
/// Routing's cost per lead against scoring's, in the same run on the same leads: score each lead
/// (compiled, FastExpressionCompiler), then route every card as if it entered a routed tier (the
/// queue's rule, the play, and the assignment with a load that grows as it assigns). The store's
/// part (reading the account's owner, writing the route) is left to the rescore bench.
/// </summary>
internal static class RoutingBenchmark
{
    public static int Run(string[] args)
    {
        var leadsCount = args.Length >= 2 && args[0] == "--leads" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
        var asOf = new DateTimeOffset(2026, 11, 20, 17, 0, 0, TimeSpan.Zero);
        var leads = Workload.Generate(leadsCount, 42, asOf);
        var ruleSet = RuleSetLoader.Load("rules");
        var scorer = new LeadScorer(ruleSet, useFastExpressionCompiler: true);
        var router = new Router(ruleSet);

        // Warm both paths, then measure each three times and keep the best.
        var cards = leads.Select(l => scorer.Score(l, asOf)).ToArray();
        var bestScore = TimeSpan.MaxValue;
        var bestRoute = TimeSpan.MaxValue;
        var assigned = 0;
        for (var repeat = 0; repeat < 3; repeat++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < leads.Length; i++)
            {
                cards[i] = scorer.Score(leads[i], asOf);
            }

            bestScore = Min(bestScore, clock.Elapsed);
            var load = new RoutingLoad();
            assigned = 0;
            clock.Restart();
            for (var i = 0; i < leads.Length; i++)
            {
                var decision = router.Decide(cards[i], leads[i], RouteAccount.None);
                var assignment = router.Assign(decision, null, load, asOf);
                load.Record(assignment, asOf);
                _ = router.Plays?.Choose(cards[i]);
                assigned += assignment.Owner is null ? 0 : 1;
            }

            bestRoute = Min(bestRoute, clock.Elapsed);
        }

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"Routing bench: {leads.Length:N0} leads, {router.Model.Rules.Count} routing rules, {router.Teams.Members.Count} members; {assigned:N0} assigned (the rest held or past capacity)"));
        Console.WriteLine(string.Create(c, $"  scoring: {bestScore.TotalMicroseconds / leads.Length:0.0} us per lead"));
        Console.WriteLine(string.Create(c, $"  routing (queue, assignment, play): {bestRoute.TotalMicroseconds / leads.Length:0.0} us per lead, {bestRoute / bestScore:0.00}x scoring"));
        return 0;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
