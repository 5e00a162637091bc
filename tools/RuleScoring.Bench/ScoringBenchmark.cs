using System.Diagnostics;
using System.Globalization;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Scoring;

namespace RuleScoring.Bench;

/// <summary>One way of scoring a lead, timed over the whole workload.</summary>
internal sealed record Contender(string Name, Func<Lead, DateTimeOffset, object> Score);

/// <summary>One timed pass: a contender over every lead on a number of threads.</summary>
internal sealed record Measurement(string Contender, int Threads, int Leads, TimeSpan Elapsed, long AllocatedBytes, int Gen0, int Gen2)
{
    public double LeadsPerSecond => Leads / Elapsed.TotalSeconds;
    public double BytesPerLead => (double)AllocatedBytes / Leads;
}

/// <summary>
/// Times each contender over the same leads on 1..N threads, after a warm-up pass, and reports
/// leads/s with each figure as a ratio to the hand-written scorer measured in the same run
/// (shared machines are noisy; the ratio is the figure that travels).
/// </summary>
internal sealed class ScoringBenchmark(TextWriter output, TextWriter progress)
{
    public IReadOnlyList<Measurement> Run(IReadOnlyList<Contender> contenders, Lead[] leads, DateTimeOffset asOf, IReadOnlyList<int> threadCounts, int repeats)
    {
        var results = new List<Measurement>();
        foreach (var threads in threadCounts)
        {
            foreach (var contender in contenders)
            {
                // Warm-up: JIT tiering, RulesEngine caches, GC heap sizing.
                _ = Pass(contender, leads[..Math.Min(leads.Length, 5_000)], asOf, threads, showProgress: false);
            }

            // Repeats take turns across contenders, so a load that comes and goes on a shared
            // machine falls on each of them rather than on whichever ran at the time.
            var best = new Measurement?[contenders.Count];
            for (var r = 0; r < repeats; r++)
            {
                for (var c = 0; c < contenders.Count; c++)
                {
                    var m = Pass(contenders[c], leads, asOf, threads, showProgress: true);
                    best[c] = best[c] is not { } b || m.Elapsed < b.Elapsed ? m : b;
                }
            }

            results.AddRange(best.Select(m => m!));
        }

        return results;
    }

    private Measurement Pass(Contender contender, Lead[] leads, DateTimeOffset asOf, int threads, bool showProgress)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var done = 0;
        var clock = Stopwatch.StartNew();
        using var reporter = showProgress ? new Timer(_ => Report(contender.Name, threads, Volatile.Read(ref done), leads.Length, clock.Elapsed), null, 1000, 1000) : null;

        const int chunk = 256;
        Parallel.For(0, (leads.Length + chunk - 1) / chunk, new ParallelOptions { MaxDegreeOfParallelism = threads }, c =>
        {
            var end = Math.Min(leads.Length, (c + 1) * chunk);
            for (var i = c * chunk; i < end; i++)
            {
                _ = contender.Score(leads[i], asOf);
            }

            Interlocked.Add(ref done, end - c * chunk);
        });

        clock.Stop();
        return new Measurement(contender.Name, threads, leads.Length, clock.Elapsed,
            GC.GetTotalAllocatedBytes(precise: true) - allocated, GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2);
    }

    private void Report(string name, int threads, int done, int total, TimeSpan elapsed)
    {
        var rate = done / Math.Max(elapsed.TotalSeconds, 1e-9);
        var eta = rate > 0 ? TimeSpan.FromSeconds((total - done) / rate) : TimeSpan.Zero;
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}, {threads} thread(s): {done:N0}/{total:N0} leads, {rate:N0} leads/s, ETA {eta:mm\\:ss}"));
    }

    public void WriteTable(IReadOnlyList<Measurement> results, string baseline)
    {
        output.WriteLine();
        output.WriteLine("| scorer | threads | leads/s | vs hand-written (same threads) | vs 1 thread | bytes/lead | gen0 | gen2 |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var m in results)
        {
            var reference = results.First(r => r.Contender == baseline && r.Threads == m.Threads);
            var single = results.First(r => r.Contender == m.Contender && r.Threads == results.Min(x => x.Threads));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {m.Contender} | {m.Threads} | {m.LeadsPerSecond:N0} | {m.LeadsPerSecond / reference.LeadsPerSecond:0.00}x | {m.LeadsPerSecond / single.LeadsPerSecond:0.00}x | {m.BytesPerLead:N0} | {m.Gen0} | {m.Gen2} |"));
        }
    }

    /// <summary>One contender's speed and allocation against another's, per thread count (both from this run).</summary>
    public void WriteRatio(IReadOnlyList<Measurement> results, string contender, string against)
    {
        output.WriteLine();
        foreach (var m in results.Where(r => r.Contender == contender))
        {
            var other = results.First(r => r.Contender == against && r.Threads == m.Threads);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{contender} vs {against}, {m.Threads} thread(s): {m.LeadsPerSecond / other.LeadsPerSecond:0.00}x the leads/s, {m.BytesPerLead / other.BytesPerLead:0.00}x the bytes/lead"));
        }
    }
}
