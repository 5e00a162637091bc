using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RuleScoring.Storage.Database;
using RuleScoring.Worker.Api;
using RuleScoring.Worker.Hosting;
using RuleScoring.Worker.Rules;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace RuleScoring.Worker;

/// <summary>
/// Builds the worker: the scoring loop, the rules watcher and the HTTP API in one host, logging
/// through Serilog to the console and a rolling file. Runs in a console (<c>rulescore run</c>),
/// under systemd or as a Windows service.
/// </summary>
public static class WorkerHost
{
    /// <param name="configure">Applied after the "Worker" configuration section: command-line settings win.</param>
    /// <param name="time">The clock every score, tick and SLA is measured on (tests pass a fake one).</param>
    public static WebApplication Build(Action<WorkerOptions> configure, TimeProvider time, string[]? args = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentNullException.ThrowIfNull(time);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args ?? [] });
        builder.Services.AddWindowsService();
        builder.Services.AddSystemd();

        var settings = new WorkerOptions();
        builder.Configuration.GetSection(WorkerOptions.Section).Bind(settings);
        configure(settings);
        builder.Services.AddOptions<WorkerOptions>()
            .Bind(builder.Configuration.GetSection(WorkerOptions.Section))
            .Configure(configure)
            .PostConfigure(ApiKeyFile.Apply)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>();

        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}", formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(new CompactJsonFormatter(), Path.Combine(settings.LogDirectory, "worker-.log"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 31)
            .CreateLogger();
        builder.Services.AddSerilog(logger, dispose: true);

        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<TickTrigger>();
        builder.Services.AddSingleton<WorkerStatus>();
        builder.Services.AddSingleton(sp => new ActiveRules(sp.GetRequiredService<IOptions<WorkerOptions>>().Value.Rules, time, sp.GetRequiredService<ILogger<ActiveRules>>()));
        // Webhooks: its own loop and connection, so a down receiver never holds a tick. Ahead of
        // the scoring loop, so its subscriptions are in place before the first tick's events.
        builder.Services.AddHostedService<Webhooks.WebhookDeliveryService>();
        builder.Services.AddSingleton<ScoringWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ScoringWorker>());
        builder.Services.AddHostedService<RulesWatcher>();
        builder.Services.AddHealthChecks().AddCheck<WorkerReadyCheck>("worker", tags: [WorkerReadyCheck.Tag]);
        builder.Services.AddOpenApi(WorkerApi.OpenApiDocument, o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "RuleScoring worker API";
            document.Info.Description = "Signals and leads in; cards, history, accounts and the tier-change outbox out; health and metrics. Names are snake_case, as the CSV contract.";
            return Task.CompletedTask;
        }));
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            // What the OpenAPI document describes bodies with: the API's own names (snake_case).
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, WorkerJsonContext.Default);
        });
        // Stopping waits for the batch in flight to commit or roll back, then the loop ends.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        // A bad address or port is reported by the options validator at start, with the other settings.
        if (settings.Http && IPAddress.TryParse(settings.ListenAddress, out var address) && settings.Port is >= 0 and <= 65_535)
        {
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.Listen(address, settings.Port);
                k.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes;
            });
        }
        else if (!settings.Http)
        {
            builder.Services.AddSingleton<IServer, NoHttpServer>();
        }

        var app = builder.Build();
        if (settings.Http)
        {
            WorkerApi.Map(app);
        }

        return app;
    }

    /// <summary>The URLs the API listens on once the host has started (the port when 0 was asked for).</summary>
    public static IReadOnlyList<string> ListeningOn(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
    }

    /// <summary>Creates or upgrades the database before anything serves from it, so a bad path fails at start with its name.</summary>
    public static void PrepareDatabase(WorkerOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var db = ScoreDatabase.Open(options.Database, time);
    }
}
