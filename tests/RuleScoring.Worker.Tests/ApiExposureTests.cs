using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using RuleScoring.Worker.Tests.Support;

namespace RuleScoring.Worker.Tests;

/// <summary>The API's write endpoints are never reachable from the network without a key.</summary>
public sealed class ApiExposureTests : IDisposable
{
    private readonly WorkerFixture _w = new();

    public void Dispose() => _w.Dispose();

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    public async Task Start_NonLoopbackListenWithoutKey_IsRefusedNamingTheSetting(string address)
    {
        await using var app = Build(o => o.ListenAddress = address);

        var refused = await Should.ThrowAsync<OptionsValidationException>(() => app.StartAsync());

        refused.Message.ShouldContain($"ListenAddress: {address} lets other machines reach the API");
    }

    [Fact]
    public async Task Start_NonLoopbackWithKeyFromFile_StartsAndRequiresThatKey()
    {
        var keyFile = Path.Combine(_w.Folder, "api.key");
        await File.WriteAllTextAsync(keyFile, "\n  k3y-from-a-file-0123456789  \n");
        await using var app = Build(o =>
        {
            o.ListenAddress = "0.0.0.0";
            o.ApiKeyFile = keyFile;
        });

        await app.StartAsync();
        var port = new Uri(WorkerHost.ListeningOn(app)[0].Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        using var without = await http.PostAsJsonAsync(new Uri("/signals", UriKind.Relative), new { lead_id = "L-1", type = "pricing_view", occurred_at = "2026-11-20T10:00:00Z" });
        http.DefaultRequestHeaders.Add("X-Api-Key", "k3y-from-a-file-0123456789");
        using var with = await http.GetAsync(new Uri("/outbox", UriKind.Relative));
        await app.StopAsync();

        without.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        with.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Start_KeyFileMissing_IsRefusedNamingTheFile()
    {
        var keyFile = Path.Combine(_w.Folder, "no-such.key");
        await using var app = Build(o => o.ApiKeyFile = keyFile);

        var refused = await Should.ThrowAsync<OptionsValidationException>(() => app.StartAsync());

        refused.Message.ShouldContain($"ApiKeyFile: '{keyFile}' does not exist");
    }

    private Microsoft.AspNetCore.Builder.WebApplication Build(Action<WorkerOptions> more) => WorkerHost.Build(o =>
    {
        o.Database = _w.DbPath;
        o.Rules = _w.RulesDirectory;
        o.Port = 0;
        o.LogDirectory = Path.Combine(_w.Folder, "logs");
        more(o);
    }, _w.Clock);
}
