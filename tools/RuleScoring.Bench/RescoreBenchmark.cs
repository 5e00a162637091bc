using System.Diagnostics;
using System.Globalization;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.SampleData;
using RuleScoring.Storage.Accounts;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;

namespace RuleScoring.Bench;

/// <summary>
/// The storage path end to end at scale: generate N leads with ~20 signals each as CSV, import
/// them into a fresh SQLite file, rescore every lead once, and report each phase's time, rate
/// and the process's peak memory. The baseline is scoring the same leads in memory (no
/// storage) in the same run: the ratio is what storage costs.
/// </summary>
internal static class RescoreBenchmark
{
    public static int Run(string[] args)
    {
        var leads = 1_000_000;
        var activity = 2.5;
        var rules = "rules";
        var dir = Path.Combine(Path.GetTempPath(), "rulescore-rescore-bench");
        var reuse = false;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--leads": leads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--activity": activity = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--rules": rules = args[i + 1]; break;
                case "--dir": dir = args[i + 1]; break;
                case "--reuse": reuse = args[i + 1] == "yes"; break;
                default: throw new ArgumentException($"unknown option {args[i]}; use --leads N --activity X --rules DIR --dir DIR --reuse yes|no");
            }
        }

        var asOf = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
        var options = new SampleOptions(leads, 42, asOf, Activity: activity);
        var scorer = new LeadScorer(RuleSetLoader.Load(rules));
        var dbPath = Path.Combine(dir, "bench.db");
        // --reuse yes: start from the imported database a previous run with the same options kept
        // (import takes longer than the rescore at 1M leads; A/B runs of the rescore need only that).
        var (counts, phases) = BenchDatabase.CreateOrReuse(dir, dbPath, options, TimeProvider.System, reuse);
        var clock = Stopwatch.StartNew();

        // Baseline, same run: score a slice of the same leads in memory, on every core.
        var slice = SampleGenerator.Generate(options with { Leads = Math.Min(leads, 50_000) }).Select(s => s.Lead).ToArray();
        clock.Restart();
        Parallel.For(0, slice.Length, i => scorer.Score(slice[i], asOf));
        var inMemory = slice.Length / clock.Elapsed.TotalSeconds;

        slice = [];
        double? rescorePeak = null, setupPeak = null;
        using (var db = ScoreDatabase.Open(dbPath, TimeProvider.System))
        {
            // The rescore's own peak: what generating, importing and the in-memory slice held is not its.
            setupPeak = Table.Linux.PeakResidentBytes() / 1024.0 / 1024;
            var scoped = Table.Linux.ResetPeakResident();
            clock.Restart();
            var lastReport = TimeSpan.Zero;
            // As `rulescore rescore` does: each lead in an account is classified as a contact while in memory.
            var contacts = scorer.RuleSet.Accounts is null ? null : new FreshContacts(new AccountScorer(scorer.RuleSet));
            var rescored = new Rescorer(db, scorer, contacts).RescoreAll(asOf, onProgress: p =>
            {
                if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(5))
                {
                    lastReport = clock.Elapsed;
                    Console.Error.WriteLine($"  rescore: {p.Scored:N0}/{p.Total:N0} leads, {p.LeadsPerSecond:N0} leads/s, ETA {p.Remaining:mm\\:ss}");
                }
            });
            phases.Add(("rescore (score + store)", rescored.Scored, clock.Elapsed));
            rescorePeak = scoped ? Table.Linux.PeakResidentBytes() / 1024.0 / 1024 : null;

            // The read side alone: every lead with its signals, in pages as the rescore reads them,
            // taking turns with the reader as it was before (Dapper mapping) so the ratio is same-run.
            var lean = TimeSpan.Zero;
            var dapper = TimeSpan.Zero;
            long read = 0;
            for (var turn = 0; turn < 2; turn++)
            {
                clock.Restart();
                read = 0;
                string? after = null;
                while (db.Leads.ReadPage(after, 1000, asOf) is { Count: > 0 } page)
                {
                    read += page.Count;
                    after = page[^1].Lead.LeadId;
                }

                lean += clock.Elapsed;
                clock.Restart();
                DapperLeadReader.ReadAll(db, asOf);
                dapper += clock.Elapsed;
            }

            phases.Add(("read leads + signals (lean reader, 2 passes)", read * 2, lean));
            phases.Add(("read leads + signals (Dapper reader as before, 2 passes)", read * 2, dapper));

            // What `rulescore rescore` does after the leads: the account roll-up and the lifecycle.
            if (scorer.RuleSet.Accounts is not null)
            {
                clock.Restart();
                var accounts = db.Accounts.Rescore(contacts!.Scorer, asOf, fresh: contacts);
                phases.Add(($"accounts roll-up ({accounts.Contacts.Read:N0} contacts read, {accounts.Contacts.Fresh:N0} fresh, {accounts.KeptContacts:N0} kept with their cards)", accounts.Accounts, clock.Elapsed));
            }

            clock.Restart();
            var lifecycle = db.Lifecycle.Update();
            phases.Add(("lifecycle", lifecycle.Transitions, clock.Elapsed));
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine($"RuleScoring rescore bench: {counts.Leads:N0} leads, {counts.Signals:N0} signals ({(double)counts.Signals / counts.Leads:0.0} per lead), {Environment.ProcessorCount} cores, {scorer.RuleSet.Identity}");
        Console.WriteLine();
        Console.WriteLine("| phase | rows | seconds | rows/s |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var (phase, rows, elapsed) in phases)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {phase} | {rows:N0} | {elapsed.TotalSeconds:N1} | {rows / elapsed.TotalSeconds:N0} |"));
        }

        var rescore = phases.Single(p => p.Phase.StartsWith("rescore", StringComparison.Ordinal));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Scoring alone (in memory, same run): {inMemory:N0} leads/s; rescore with storage runs at {rescore.Rows / rescore.Elapsed.TotalSeconds / inMemory:0.00}x of that."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Peak resident memory of the rescore alone: {(rescorePeak is { } p ? $"{p:N0} MB" : "not measured apart (no /proc/self/clear_refs)")}" +
            $" (generating, importing and the in-memory slice before it: {setupPeak ?? process.PeakWorkingSet64 / 1024.0 / 1024:N0} MB); database {new FileInfo(dbPath).Length / 1024.0 / 1024:N0} MB."));
        return 0;
    }
}
