using System.Globalization;
using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RuleScoring.Worker.Api;
using RuleScoring.Worker.Tests.Support;

namespace RuleScoring.Worker.Tests;

/// <summary>What an ops team expects of a .NET service: liveness and readiness, Prometheus metrics, an OpenAPI document.</summary>
public sealed class OperationsEndpointsTests : IDisposable
{
    private readonly WorkerFixture _w = new();

    public OperationsEndpointsTests()
    {
        _w.StoreSample(120);
        _w.StoreVpSales();
    }

    public void Dispose() => _w.Dispose();

    [Fact]
    public async Task Metrics_AfterATick_CountWhatTheStoreHoldsInPrometheusFormat_WithoutTheKey()
    {
        await using var worker = await RunningWorker.StartAsync(_w, apiKey: "a-long-enough-test-key");
        using var anonymous = new HttpClient { BaseAddress = worker.Http.BaseAddress };

        using var response = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        var samples = Samples(text);
        using var db = Storage.Database.ScoreDatabase.Open(_w.DbPath, _w.Clock);
        var scored = db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores_current");
        scored.ShouldBeGreaterThan(0);
        samples["rulescore_leads_scored_total{reason=\"rules\"}"].ShouldBeGreaterThanOrEqualTo(scored, "the first tick scored every lead for the rules");
        samples["rulescore_ticks_total"].ShouldBeGreaterThanOrEqualTo(1);
        foreach (var (tier, count) in db.Connection.Query<(string? Tier, long Count)>("SELECT tier, COUNT(*) FROM scores_current GROUP BY tier"))
        {
            samples[$"rulescore_leads{{tier=\"{tier ?? "none"}\"}}"].ShouldBe(count);
        }

        samples["rulescore_sla_open"].ShouldBe(db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sla_tasks WHERE status = 'open'"));
        samples["rulescore_rules_rejected"].ShouldBe(0);
        var dead = db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'dead'");
        samples["rulescore_webhook_deliveries{state=\"dead\"}"].ShouldBe(dead);
        samples.Keys.Count(k => k.StartsWith("rulescore_webhook_deliveries{", StringComparison.Ordinal)).ShouldBe(3, "every state, zero included");
        samples.Keys.ShouldContain(k => k.StartsWith("rulescore_rules_active_info{", StringComparison.Ordinal) && k.Contains($"version=\"{WorkerFixture.ShippedVersion}\"", StringComparison.Ordinal));
        // Every family is declared before its samples, once.
        var families = text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        families.Count.ShouldBe(families.Distinct().Count());
        foreach (var name in samples.Keys.Select(k => k.Split('{')[0]).Distinct())
        {
            families.ShouldContain(name);
        }
    }

    [Fact]
    public async Task Ready_WithBrokenRulesFromTheStart_Is503_WhileLiveIs200_AndMetricsCountTheRefusal()
    {
        _w.Edit("intent.json", t => t.Replace("""signals.Any(\"demo_request\")""", """signals.Anyy(\"demo_request\")""", StringComparison.Ordinal));
        var app = WorkerHost.Build(o =>
        {
            o.Database = _w.DbPath;
            o.Rules = _w.RulesDirectory;
            o.Port = 0;
            o.LogDirectory = Path.Combine(_w.Folder, "logs");
        }, _w.Clock);
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(WorkerHost.ListeningOn(app)[0]) };
            using var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
            live.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await live.Content.ReadAsStringAsync()).ShouldBe("Healthy");

            HttpStatusCode ready;
            var patience = DateTime.UtcNow.AddMinutes(2);
            do
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                ready = response.StatusCode;
                (await response.Content.ReadAsStringAsync()).ShouldBe(ready == HttpStatusCode.OK ? "Healthy" : "Unhealthy");
                if (Samples(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative))).GetValueOrDefault("rulescore_rules_rejected_total") >= 1)
                {
                    break;
                }

                await Task.Delay(50);
            }
            while (DateTime.UtcNow < patience);

            ready.ShouldBe(HttpStatusCode.ServiceUnavailable, "no valid rules version is active");
            var metrics = Samples(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
            metrics["rulescore_rules_rejected"].ShouldBe(1);
            metrics.Keys.ShouldNotContain(k => k.StartsWith("rulescore_rules_active_info", StringComparison.Ordinal));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Ready_OnAHealthyWorker_Is200()
    {
        await using var worker = await RunningWorker.StartAsync(_w);
        using var ready = await worker.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        ready.StatusCode.ShouldBe(HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesEveryMappedEndpoint_WithTheApisOwnNames()
    {
        await using var worker = await RunningWorker.StartAsync(_w, apiKey: "a-long-enough-test-key");
        using var anonymous = new HttpClient { BaseAddress = worker.Http.BaseAddress };

        using var response = await anonymous.GetAsync(new Uri($"/openapi/{WorkerApi.OpenApiDocument}.json", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");

        var mapped = worker.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>() is not null)
            // The console's HTML pages are for people, not part of the API's contract.
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .Select(e => (Path: "/" + e.RoutePattern.RawText!.TrimStart('/'), Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods))
            .Where(e => !e.Path.StartsWith("/openapi/", StringComparison.Ordinal))
            .ToList();
        mapped.Count.ShouldBeGreaterThanOrEqualTo(9);
        foreach (var (path, methods) in mapped)
        {
            paths.TryGetProperty(path, out var item).ShouldBeTrue($"{path} is mapped but not in the OpenAPI document");
            foreach (var method in methods)
            {
                item.TryGetProperty(method.ToLowerInvariant(), out _).ShouldBeTrue($"{method} {path} is mapped but not in the OpenAPI document");
            }
        }

        var documented = paths.EnumerateObject().Select(p => p.Name).ToList();
        documented.ShouldAllBe(p => mapped.Any(m => m.Path == p), "nothing documented that is not served");
        documented.ShouldNotContain(p => p.StartsWith("/console", StringComparison.Ordinal));
        var lead = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(nameof(LeadResponse)).GetProperty("properties");
        lead.TryGetProperty("lead_id", out _).ShouldBeTrue("bodies are described with the names the API writes (snake_case)");
    }

    /// <summary>Each sample line of a Prometheus text body: "name{labels}" to its value.</summary>
    private static Dictionary<string, double> Samples(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#'))
            .Select(l => (Key: l[..l.LastIndexOf(' ')], Value: double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)))
            .ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal);
}
