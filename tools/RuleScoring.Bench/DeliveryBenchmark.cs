using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RuleScoring.Core.Webhooks;
using RuleScoring.SampleData;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Webhooks;
using RuleScoring.Worker;
using RuleScoring.Worker.Rules;
using RuleScoring.Worker.Scoring;
using RuleScoring.Worker.Webhooks;

namespace RuleScoring.Bench;

/// <summary>
/// Webhook deliveries per second to a receiver on loopback (Kestrel in this process, checking
/// every signature): the dispatcher recording a delivery per tier change, then sending them
/// (stored log, attempts, order per lead), against the same signed POSTs sent straight from an
/// HttpClient with the same parallelism, in the same run, to the same receiver.
/// </summary>
internal static class DeliveryBenchmark
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public static int Run(string[] args)
    {
        var leads = 5_000;
        var parallel = 8;
        var rules = "rules";
        var dir = Path.Combine(Path.GetTempPath(), "rulescore-delivery-bench");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--leads": leads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--parallel": parallel = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--rules": rules = args[i + 1]; break;
                case "--dir": dir = args[i + 1]; break;
                default: throw new ArgumentException($"unknown option {args[i]}; use --leads N --parallel N --rules DIR --dir DIR");
            }
        }

        return RunAsync(leads, parallel, rules, dir).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int leads, int parallel, string rules, string dir)
    {
        if (!WebhookSecret.TryParse(Secret, out var key, out var problem))
        {
            throw new InvalidOperationException(problem);
        }

        var received = 0;
        var badSignatures = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var h = context.Request.Headers;
            if (!WebhookSignature.Verify(h[WebhookSignature.IdHeader]!, h[WebhookSignature.TimestampHeader]!, body, h[WebhookSignature.SignatureHeader]!, key))
            {
                Interlocked.Increment(ref badSignatures);
            }

            Interlocked.Increment(ref received);
            return Results.Ok();
        });
        await receiver.StartAsync();
        var url = new Uri(WorkerHost.ListeningOn(receiver)[0] + "/hook");

        var start = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
        var dbPath = Path.Combine(dir, "deliveries.db");
        var (counts, _) = BenchDatabase.Create(dir, dbPath, new SampleOptions(leads, 42, start), TimeProvider.System);
        using var db = ScoreDatabase.Open(dbPath, TimeProvider.System);
        var settingsDir = Path.Combine(dir, "webhooks");
        Directory.CreateDirectory(settingsDir);
        await File.WriteAllTextAsync(Path.Combine(settingsDir, WebhookSettings.File), new JsonObject
        {
            ["delivery"] = new JsonObject { ["parallel"] = parallel },
            ["subscriptions"] = new JsonArray(new JsonObject
            {
                ["name"] = "bench", ["url"] = url.ToString(), ["events"] = new JsonArray("tier_changed"), ["secret"] = Secret,
            }),
        }.ToJsonString());
        var settings = WebhookSettingsReader.Read(settingsDir).Settings ?? throw new InvalidOperationException("bench webhooks.json does not validate");
        db.Deliveries.Cursor("bench");

        var active = new ActiveRules(rules, TimeProvider.System, NullLogger<ActiveRules>.Instance);
        active.Refresh(db);
        var tick = new ScoringTick(db, active.Current ?? throw new InvalidOperationException($"{rules}: the rules do not validate"), 1000, NullLogger.Instance).Run(start);
        Console.Error.WriteLine($"  scored {tick.Scored:N0} leads: {tick.TierChanges:N0} tier changes in the outbox");

        using var http = WebhookDispatcher.CreateClient();
        var dispatcher = new WebhookDispatcher(http, TimeProvider.System, new Random(1), _ => null, NullLogger.Instance);
        var watch = Stopwatch.StartNew();
        var recorded = dispatcher.RecordNew(db, settings);
        var recording = watch.Elapsed;
        var delivered = 0;
        while (true)
        {
            var pass = await dispatcher.RunOnceAsync(db, settings, batch: 500);
            recorded += pass.Recorded;
            delivered += pass.Delivered;
            if (pass.Attempted == 0)
            {
                break;
            }
        }

        var dispatched = watch.Elapsed;
        var sending = dispatched - recording;
        var bodies = db.Deliveries.List(limit: int.MaxValue).Select(d => (d.WebhookId, d.Body)).ToList();
        var before = received;

        // The baseline: the same bodies, signed and posted with the same parallelism, nothing stored.
        watch.Restart();
        await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (d, ct) =>
        {
            var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(d.Body, Encoding.UTF8, "application/json") };
            request.Headers.Add(WebhookSignature.IdHeader, d.WebhookId);
            request.Headers.Add(WebhookSignature.TimestampHeader, now.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(d.WebhookId, now, d.Body, key));
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
        });
        var raw = watch.Elapsed;

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"RuleScoring delivery bench: {counts.Leads:N0} leads, {delivered:N0} deliveries (1 subscription, parallel {parallel}), {Environment.ProcessorCount} cores, SQLite");
        Console.WriteLine();
        Console.WriteLine("| phase | deliveries | seconds | per second | vs plain POSTs |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        Console.WriteLine(string.Create(c, $"| plain signed POSTs, nothing stored (baseline) | {bodies.Count:N0} | {raw.TotalSeconds:N2} | {bodies.Count / raw.TotalSeconds:N0} | 1.00x |"));
        string Row(string phase, TimeSpan took) => string.Create(c,
            $"| {phase} | {delivered:N0} | {took.TotalSeconds:N2} | {delivered / took.TotalSeconds:N0} | {raw.TotalSeconds / bodies.Count / (took.TotalSeconds / delivered):0.00}x |");
        Console.WriteLine(Row("dispatcher, all of it: record from the outbox, send, log each attempt", dispatched));
        Console.WriteLine(Row("  recording the deliveries (payload with the card's reasons, one row each)", recording));
        Console.WriteLine(Row("  sending them: due query, signed POSTs, attempts logged per pass", sending));
        Console.WriteLine();
        Console.WriteLine($"received {received:N0} (dispatcher {before:N0}), bad signatures {badSignatures}, deliveries delivered {db.Deliveries.CountByState().GetValueOrDefault(DeliveryState.Delivered):N0}");
        await receiver.StopAsync();
        return badSignatures == 0 && delivered == recorded && before == delivered ? 0 : 1;
    }
}
