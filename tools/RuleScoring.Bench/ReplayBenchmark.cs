using System.Diagnostics;
using System.Globalization;
using RuleScoring.Core.Routing;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Replay.Data;
using RuleScoring.Replay.Metrics;
using RuleScoring.Replay.Routing;
using RuleScoring.SampleData;

namespace RuleScoring.Bench;

/// <summary>
/// Replay at scale: N generated deals (every lead a deal, its outcome from the generator's buying
/// quality, scored as of the deal's creation or the lead's last signal) replayed under two rule
/// versions, metrics included. The baseline is one scorer over the same deals in the same run;
/// two versions should cost about twice that, and the ratio shows what the metrics add.
/// </summary>
internal static class ReplayBenchmark
{
    public static int Run(string[] args)
    {
        var deals = 100_000;
        var rules = "rules";
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--deals": deals = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--rules": rules = args[i + 1]; break;
                default: throw new ArgumentException($"unknown option {args[i]}; use --deals N --rules DIR");
            }
        }

        var end = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
        var watch = Stopwatch.StartNew();
        var cases = new List<ReplayCase>(deals);
        foreach (var sample in SampleGenerator.Generate(new SampleOptions(deals, 42, end)))
        {
            var asOf = sample.Deal?.CreatedAt ?? (sample.Lead.Signals.Count == 0 ? sample.CreatedAt : sample.Lead.Signals.Max(s => s.OccurredAt).AddDays(1));
            var known = sample.Lead.Signals.Where(s => s.OccurredAt < asOf).ToArray();
            var won = sample.Deal?.Outcome == "won" || (sample.Deal is null && sample.BuyingQuality > 0.8);
            cases.Add(new ReplayCase(sample.Lead with { Signals = known }, asOf, won, null, sample.Lead.Signals.Count - known.Length));
            if (cases.Count % 20_000 == 0)
            {
                Console.Error.WriteLine($"  generate: {cases.Count:N0}/{deals:N0} deals, {cases.Count / watch.Elapsed.TotalSeconds:N0}/s");
            }
        }

        var baseRules = RuleSetLoader.Load(rules);
        // Two scorers of the same rules: the cost of a replay does not depend on what differs between versions.
        var headRules = RuleSetLoader.Load(rules);
        var baseScorer = new LeadScorer(baseRules);
        var headScorer = new LeadScorer(headRules);

        watch.Restart();
        Parallel.For(0, cases.Count, i => baseScorer.Score(cases[i].Lead, cases[i].AsOf));
        var oneVersion = watch.Elapsed;

        watch.Restart();
        var replayed = Replayer.Run(cases, Replayer.Leads(baseScorer), Replayer.Leads(headScorer), done => Console.Error.WriteLine($"  replay: {done:N0}/{cases.Count:N0} deals, {done / watch.Elapsed.TotalSeconds:N0}/s"));
        var scoring = watch.Elapsed;
        watch.Restart();
        var report = MetricsBuilder.Build(new ReplayData(cases, 0, 0, "generated"), replayed, ("base", baseRules), ("head", headRules), "as of each deal's creation", null);
        var metrics = watch.Elapsed;

        // The same replay with routing: routed cards kept while scoring, then each version routed in point-in-time order.
        var baseRouter = Router.For(baseRules);
        var headRouter = Router.For(headRules);
        watch.Restart();
        var withCards = Replayer.Run(cases, Replayer.Leads(baseScorer, baseRouter), Replayer.Leads(headScorer, headRouter));
        var scoringKeepingCards = watch.Elapsed;
        watch.Restart();
        var routing = RoutingLoadBuilder.Build(withCards, ReplayLevel.Lead, baseRouter, headRouter);
        var routingLoad = watch.Elapsed;

        Console.WriteLine($"RuleScoring replay bench: {cases.Count:N0} deals ({report.Won:N0} won), 2 versions, {Environment.ProcessorCount} cores, {baseRules.Identity}");
        Console.WriteLine();
        Console.WriteLine("| phase | seconds | deals/s | vs one version scored once |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Row("baseline: one version, score only", oneVersion);
        Row("replay: both versions scored", scoring);
        Row("replay: metrics (AUC + bootstrap, tiers, bands, rules)", metrics);
        Row("replay: total", scoring + metrics);
        Row("replay with routing: both versions scored, routed cards kept", scoringKeepingCards);
        Row($"replay with routing: routing load ({routing.Head?.Routed ?? 0:N0} leads routed per version)", routingLoad);
        Row("replay with routing: total", scoringKeepingCards + metrics + routingLoad);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Replay with routing against without, same run: {(scoringKeepingCards + metrics + routingLoad) / (scoring + metrics):0.00}x."));
        return 0;

        void Row(string phase, TimeSpan elapsed) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {phase} | {elapsed.TotalSeconds:N1} | {cases.Count / elapsed.TotalSeconds:N0} | {elapsed / oneVersion:0.00}x |"));
    }
}
