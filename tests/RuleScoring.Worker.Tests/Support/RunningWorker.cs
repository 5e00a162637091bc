using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace RuleScoring.Worker.Tests.Support;

/// <summary>The whole worker host (loop, watcher, API on a free loopback port) on a fixture's files.</summary>
internal sealed class RunningWorker : IAsyncDisposable
{
    private RunningWorker(WebApplication app, HttpClient http, string logDirectory)
    {
        App = app;
        Http = http;
        LogDirectory = logDirectory;
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public string LogDirectory { get; }

    public static async Task<RunningWorker> StartAsync(WorkerFixture fixture, string? apiKey = null, Action<WorkerOptions>? configure = null)
    {
        var logs = Path.Combine(fixture.Folder, "logs");
        var app = WorkerHost.Build(o =>
        {
            o.Database = fixture.DbPath;
            o.Rules = fixture.RulesDirectory;
            o.Port = 0;
            o.LogDirectory = logs;
            o.ApiKey = apiKey;
            o.BatchSize = 200;
            configure?.Invoke(o);
        }, fixture.Clock);
        await app.StartAsync();
        var http = new HttpClient { BaseAddress = new Uri(WorkerHost.ListeningOn(app)[0]), Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        var worker = new RunningWorker(app, http, logs);
        await worker.UntilAsync(async () => (await worker.HealthAsync()).GetProperty("ticks").GetInt64() >= 1, "the first tick");
        return worker;
    }

    public async Task<JsonElement> HealthAsync()
    {
        using var response = await Http.GetAsync(new Uri("/health", UriKind.Relative));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> GetJsonAsync(string path) => await Http.GetFromJsonAsync<JsonElement>(new Uri(path, UriKind.Relative));

    /// <summary>Everything the worker logged so far (compact JSON lines, one event each).</summary>
    public string Log()
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in Directory.GetFiles(LogDirectory, "worker-*.log"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            text.Append(reader.ReadToEnd());
        }

        return text.ToString();
    }

    /// <summary>
    /// Polls until <paramref name="condition"/> holds: the worker runs on its own thread. The
    /// patience only stops a worker that never gets there from hanging the run; it is generous
    /// so that a loaded machine, which only makes the worker slower, never fails the test.
    /// </summary>
    public async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            try
            {
                await Task.Delay(50, patience.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"waited {Patience.TotalMinutes:0} min for {what}; log so far:\n{Log()}");
            }
        }
    }

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
