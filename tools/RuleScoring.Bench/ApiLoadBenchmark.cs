using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Dapper;
using RuleScoring.SampleData;
using RuleScoring.Storage.Database;

namespace RuleScoring.Bench;

/// <summary>
/// The worker's HTTP API under load from this (second) process on loopback, while the worker
/// scores what arrives: signals/s accepted with p50/p99 latency, single and batched, against
/// GET /health measured the same way in the same run (the baseline: a request that only reads).
/// Afterwards every accepted signal must be stored once and seen by its lead's score: 0 lost.
/// </summary>
internal static class ApiLoadBenchmark
{
    public static int Run(string[] args)
    {
        var leads = 20_000;
        var seconds = 15;
        var concurrency = 16;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--leads": leads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--concurrency": concurrency = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}; use --leads N --seconds N --concurrency N");
            }
        }

        var dir = Path.Combine(Path.GetTempPath(), "rulescore-api-bench");
        var dbPath = Path.Combine(dir, "api.db");
        BenchDatabase.Create(dir, dbPath, new SampleOptions(leads, 42, TimeProvider.System.GetUtcNow().AddMinutes(-1)), TimeProvider.System);
        var ids = new List<string>();
        using (var db = ScoreDatabase.Open(dbPath, TimeProvider.System))
        {
            ids.AddRange(db.Connection.Query<string>("SELECT lead_id FROM leads"));
        }

        var port = FreePort();
        var worker = StartWorker(dbPath, port, dir);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            WaitUntil(() => Health(http) is { } h && h.GetProperty("ticks").GetInt64() >= 1 && h.GetProperty("last_tick").GetProperty("for_rules").GetInt32() >= 0, TimeSpan.FromMinutes(5), "the worker's first tick");
            Console.Error.WriteLine("  worker up, first tick done");

            var results = new List<(string Scenario, Load Load)>
            {
                ("GET /health (baseline: reads, no write)", Drive(concurrency, seconds, (_, _) => http.GetAsync(new Uri("/health", UriKind.Relative)), 1)),
            };
            var sequence = 0L;
            results.Add(("POST /signals, 1 per request", Drive(concurrency, seconds, (_, random) =>
                http.PostAsJsonAsync(new Uri("/signals", UriKind.Relative), Signal(ids[random.Next(ids.Count)], Interlocked.Increment(ref sequence))), 1)));
            results.Add(("POST /signals, 100 per request", Drive(concurrency, seconds, (_, random) =>
                http.PostAsJsonAsync(new Uri("/signals", UriKind.Relative), Enumerable.Range(0, 100).Select(_ => Signal(ids[random.Next(ids.Count)], Interlocked.Increment(ref sequence))).ToArray()), 100)));

            // Let the worker catch up, then count: every accepted signal stored once, and seen by its lead's score.
            WaitUntil(() => Health(http) is { } h && h.GetProperty("lag").GetProperty("signals_waiting").GetInt64() == 0, TimeSpan.FromMinutes(5), "the worker to score every posted signal");
            using var check = ScoreDatabase.Open(dbPath, TimeProvider.System, create: false);
            var stored = check.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM signals WHERE event_id LIKE 'load-%'");
            var unseen = check.Connection.ExecuteScalar<long>("""
                SELECT COUNT(*) FROM signals s JOIN scores_current c ON c.lead_id = s.lead_id
                WHERE s.event_id LIKE 'load-%' AND s.seq > c.signal_seq
                """);
            var accepted = results.Skip(1).Sum(r => r.Load.Accepted);

            var baseline = results[0].Load;
            Console.WriteLine($"RuleScoring API load bench: {leads:N0} leads, {concurrency} concurrent clients on loopback, {seconds} s per scenario, {Environment.ProcessorCount} cores (worker and client share them)");
            Console.WriteLine();
            Console.WriteLine("| scenario | requests/s | signals/s | p50 ms | p99 ms | errors | requests/s vs baseline |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var (scenario, load) in results)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {scenario} | {load.RequestsPerSecond:N0} | {(load.PerRequest > 1 || scenario.StartsWith("POST", StringComparison.Ordinal) ? (load.Accepted / load.Elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) : "-")} | {load.P50:N1} | {load.P99:N1} | {load.Errors} | {load.RequestsPerSecond / baseline.RequestsPerSecond:0.00}x |"));
            }

            Console.WriteLine();
            Console.WriteLine($"Accepted {accepted:N0} signals; stored {stored:N0}; not yet seen by their lead's score after catch-up: {unseen:N0}. Lost: {accepted - stored:N0}.");
            return accepted == stored && unseen == 0 ? 0 : 1;
        }
        finally
        {
            worker.Kill(entireProcessTree: true);
            worker.WaitForExit();
        }
    }

    private static object Signal(string leadId, long n) => new
    {
        lead_id = leadId,
        type = n % 3 == 0 ? "pricing_view" : n % 3 == 1 ? "email_click" : "webinar_attended",
        occurred_at = TimeProvider.System.GetUtcNow().AddSeconds(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        event_id = $"load-{n}",
    };

    private sealed record Load(long Requests, long Accepted, long Errors, TimeSpan Elapsed, double P50, double P99, int PerRequest)
    {
        public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
    }

    private static Load Drive(int concurrency, int seconds, Func<int, Random, Task<HttpResponseMessage>> send, int perRequest)
    {
        var latencies = new ConcurrentBag<double>();
        long requests = 0, accepted = 0, errors = 0;
        var watch = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        var clients = Enumerable.Range(0, concurrency).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            while (watch.Elapsed < until)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await send(c, random).ConfigureAwait(false);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                Interlocked.Increment(ref requests);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted)
                {
                    Interlocked.Add(ref accepted, perRequest);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToArray();
        Task.WaitAll(clients);
        var sorted = latencies.Order().ToArray();
        return new Load(requests, accepted, errors, watch.Elapsed, sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.99)], perRequest);
    }

    private static Process StartWorker(string dbPath, int port, string dir)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "rulescore.dll"), "run", "--db", dbPath, "--rules", "rules", "--port", port.ToString(CultureInfo.InvariantCulture), "--interval", "5s", "--log-dir", Path.Combine(dir, "logs") })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("  worker: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static JsonElement? Health(HttpClient http)
    {
        try
        {
            using var response = http.GetAsync(new Uri("/health", UriKind.Relative)).GetAwaiter().GetResult();
            return response.Content.ReadFromJsonAsync<JsonElement>().GetAwaiter().GetResult();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout} for {what}");
            }

            Thread.Sleep(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
