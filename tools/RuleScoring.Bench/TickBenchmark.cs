using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using RuleScoring.Core.Leads;
using RuleScoring.SampleData;
using RuleScoring.Storage.Database;
using RuleScoring.Worker.Rules;
using RuleScoring.Worker.Scoring;

namespace RuleScoring.Bench;

/// <summary>
/// What incremental rescoring saves: the worker's tick on a generated database, first scoring
/// every lead (a new rule version), then as the clock moves and signals arrive. The baseline is
/// that first full tick, in the same run: each later tick is reported as a share of its time.
/// </summary>
internal static class TickBenchmark
{
    public static int Run(string[] args)
    {
        var leads = 100_000;
        var rules = "rules";
        var dir = Path.Combine(Path.GetTempPath(), "rulescore-tick-bench");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--leads": leads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--rules": rules = args[i + 1]; break;
                case "--dir": dir = args[i + 1]; break;
                default: throw new ArgumentException($"unknown option {args[i]}; use --leads N --rules DIR --dir DIR");
            }
        }

        var start = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
        var clock = new SteppedClock(start);
        var dbPath = Path.Combine(dir, "tick.db");
        var (counts, _) = BenchDatabase.Create(dir, dbPath, new SampleOptions(leads, 42, start), clock);
        using var db = ScoreDatabase.Open(dbPath, clock);
        var active = new ActiveRules(rules, clock, NullLogger<ActiveRules>.Instance);
        active.Refresh(db);
        var snapshot = active.Current ?? throw new InvalidOperationException($"{rules}: the rules do not validate; run 'rulescore validate'");

        var rows = new List<(string Scenario, TickResult Tick, TimeSpan Elapsed)>();
        void Tick(string scenario)
        {
            var watch = Stopwatch.StartNew();
            var done = 0L;
            var shown = TimeSpan.Zero;
            var tick = new ScoringTick(db, snapshot, 1000, NullLogger.Instance).Run(clock.GetUtcNow(), scored =>
            {
                done += scored;
                if (watch.Elapsed - shown > TimeSpan.FromSeconds(5))
                {
                    shown = watch.Elapsed;
                    Console.Error.WriteLine($"  {scenario}: {done:N0} leads, {done / watch.Elapsed.TotalSeconds:N0} leads/s");
                }
            });
            rows.Add((scenario, tick, watch.Elapsed));
            Console.Error.WriteLine($"  {scenario}: {tick.Scored:N0} leads in {watch.Elapsed.TotalSeconds:N1} s");
        }

        Tick("first tick: every lead (a new rule version)");
        Tick("next tick, clock unchanged (idle)");
        clock.Advance(TimeSpan.FromHours(1));
        Tick("1 hour later (decay boundaries passed)");
        clock.Advance(TimeSpan.FromDays(1));
        Tick("1 day later");
        var random = new Random(7);
        var ids = db.Leads.ReadPage(null, leads).Select(l => l.Lead.LeadId).ToArray();
        var posted = Enumerable.Range(0, 1000)
            .Select(i => (ids[random.Next(ids.Length)], new Signal("pricing_view", clock.GetUtcNow().AddMinutes(-1), $"bench-{i}")))
            .DistinctBy(s => s.Item1).ToList();
        db.Leads.AddSignals(posted);
        Tick($"{posted.Count:N0} leads got a new signal");

        var full = rows[0].Elapsed;
        Console.WriteLine($"RuleScoring tick bench: {counts.Leads:N0} leads, {counts.Signals:N0} signals, {Environment.ProcessorCount} cores, {snapshot.Identity}");
        Console.WriteLine();
        Console.WriteLine("| tick | for rules | for signals | for decay | seconds | vs first tick |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (scenario, tick, elapsed) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {scenario} | {tick.ForRules:N0} | {tick.ForSignals:N0} | {tick.ForDecay:N0} | {elapsed.TotalSeconds:N2} | {elapsed / full:0.000}x |"));
        }

        return 0;
    }

    /// <summary>A clock the benchmark moves by hand, so "a day later" is a day later for the tick.</summary>
    private sealed class SteppedClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
