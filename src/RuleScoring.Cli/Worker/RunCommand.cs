using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RuleScoring.Core.Output;
using RuleScoring.Storage.Database;
using RuleScoring.Worker.Hosting;
using RuleScoring.Worker.Scoring;
using RuleScoring.Worker;

namespace RuleScoring.Cli.Worker;

/// <summary>
/// <c>rulescore run</c>: the worker. Rescores due leads every tick, hot-reloads the rules (keeping
/// the last good version), flags SLA breaches and serves the HTTP API until stopped (Ctrl+C,
/// SIGTERM, or the service manager). Settings also come from the "Worker" section of
/// appsettings.json or environment variables (<c>Worker__ApiKey</c>); options given here win.
/// </summary>
internal static class RunCommand
{
    public static Command Create(TimeProvider time, TextWriter output, TextWriter error)
    {
        var rules = CommonOptions.Rules();
        var db = CommonOptions.Db();
        var interval = new Option<string>("--interval") { Description = "Longest wait between ticks: 30s, 5m, 1h", DefaultValueFactory = _ => "1m" };
        var batchSize = new Option<int>("--batch-size") { Description = "Leads per transaction", DefaultValueFactory = _ => 1000 };
        var port = new Option<int>("--port") { Description = "HTTP API port (0: any free port)", DefaultValueFactory = _ => 5080 };
        var listen = new Option<string>("--listen") { Description = "HTTP API address", DefaultValueFactory = _ => "127.0.0.1" };
        var apiKey = new Option<string?>("--api-key") { Description = "Require this key in the X-Api-Key header; visible to local users in the process list, prefer --api-key-file or Worker__ApiKey" };
        var apiKeyFile = new Option<string?>("--api-key-file") { Description = "Read the API key from this file's first line (or set Worker__ApiKeyFile)" };
        var noHttp = new Option<bool>("--no-http") { Description = "Score only; serve no API" };
        var logDir = new Option<string>("--log-dir") { Description = "Folder for the rolling log files", DefaultValueFactory = _ => "logs" };
        var once = new Option<bool>("--once") { Description = "Run one tick, print what it did and exit (for cron or a first catch-up)" };
        var command = new Command("run", "The worker: incremental rescoring each tick, rules hot reload, SLA monitor and the HTTP API")
        {
            rules, db, interval, batchSize, port, listen, apiKey, apiKeyFile, noHttp, logDir, once,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var tickInterval = TimeSpan.Zero;
            if (parse.GetResult(interval) is { Implicit: false } && !TryParseInterval(parse.GetValue(interval)!, out tickInterval))
            {
                await error.WriteLineAsync($"--interval \"{parse.GetValue(interval)}\": use a number with s, m or h (e.g. 30s, 5m, 1h)");
                return ExitCodes.InputError;
            }

            if (parse.GetResult(apiKey) is { Implicit: false })
            {
                await error.WriteLineAsync("Warning: --api-key is visible to every local user in the process list; use --api-key-file or Worker__ApiKey instead.");
            }

            // Only options given on the command line override the "Worker" configuration section.
            bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
            void Configure(WorkerOptions o)
            {
                if (Given(rules))
                {
                    o.Rules = parse.GetValue(rules)!;
                }

                if (Given(db))
                {
                    o.Database = parse.GetValue(db)!;
                }

                if (Given(interval))
                {
                    o.TickInterval = tickInterval;
                }

                if (Given(batchSize))
                {
                    o.BatchSize = parse.GetValue(batchSize);
                }

                if (Given(port))
                {
                    o.Port = parse.GetValue(port);
                }

                if (Given(listen))
                {
                    o.ListenAddress = parse.GetValue(listen)!;
                }

                if (Given(apiKey))
                {
                    o.ApiKey = parse.GetValue(apiKey);
                }

                if (Given(apiKeyFile))
                {
                    o.ApiKeyFile = parse.GetValue(apiKeyFile);
                }

                if (Given(logDir))
                {
                    o.LogDirectory = parse.GetValue(logDir)!;
                }

                o.Http = o.Http && !parse.GetValue(noHttp) && !parse.GetValue(once);
            }

            return parse.GetValue(once)
                ? RunOnce(Configure, time, output, error)
                : await RunHostAsync(Configure, time, error, cancellationToken);
        });
        return command;
    }

    private static int RunOnce(Action<WorkerOptions> configure, TimeProvider time, TextWriter output, TextWriter error)
    {
        using var app = WorkerHost.Build(configure, time);
        WorkerOptions options;
        try
        {
            options = app.Services.GetRequiredService<IOptions<WorkerOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            return SettingsError(ex, error);
        }

        TickResult? tick;
        try
        {
            using var db = ScoreDatabase.Open(options.Database, time);
            tick = app.Services.GetRequiredService<ScoringWorker>().TickOnce(db);
        }
        catch (StorageException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.InputError;
        }
        catch (DbException ex)
        {
            error.WriteLine(StoreFailure.Describe(ScoreDatabase.NameOf(options.Database), ex, "the batch in flight was rolled back; every stored batch is whole"));
            return ExitCodes.InputError;
        }

        if (tick is null)
        {
            error.WriteLine($"No valid rules in {options.Rules}: nothing was scored. Run 'rulescore validate --rules {options.Rules}'.");
            return ExitCodes.Findings;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Tick as of {tick.AsOf:u} with rules {tick.RulesVersion}: {tick.Scored:N0} leads scored ({tick.ForRules:N0} for rules, {tick.ForSignals:N0} for new signals, {tick.ForDecay:N0} for decay), {tick.HistoryRows:N0} history rows, {tick.TierChanges:N0} tier changes, {tick.SlaBreached:N0} SLA breaches, {tick.Elapsed.TotalSeconds:N1} s"));
        if (tick.ReweighedForRules > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{tick.ReweighedForRules:N0} of the {tick.ForRules:N0} for rules were given again from their stored reasons (the rules changed only in weights); their signals were not read"));
        }

        if (tick.NotYetCreated > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{tick.NotYetCreated:N0} lead(s) not yet created at {tick.AsOf:u}: not scored"));
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> RunHostAsync(Action<WorkerOptions> configure, TimeProvider time, TextWriter error, CancellationToken cancellationToken)
    {
        await using var app = WorkerHost.Build(configure, time);
        try
        {
            // Ctrl+C reaches the host's own console lifetime too; either way the loop stops between batches.
            await using var stop = cancellationToken.Register(app.Lifetime.StopApplication);
            await app.RunAsync();
        }
        catch (OptionsValidationException ex)
        {
            return SettingsError(ex, error);
        }
        catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException || ex.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            await error.WriteLineAsync($"The HTTP API cannot listen: {ex.Message} (pick another --port, or --no-http)");
            return ExitCodes.InputError;
        }
        catch (StorageException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return ExitCodes.InputError;
        }

        return ExitCodes.Ok;
    }

    private static int SettingsError(OptionsValidationException ex, TextWriter error)
    {
        error.WriteLine("The worker's settings are not usable:");
        foreach (var failure in ex.Failures)
        {
            error.WriteLine($"  {failure}");
        }

        return ExitCodes.InputError;
    }

    internal static bool TryParseInterval(string text, out TimeSpan interval)
    {
        interval = default;
        text = text.Trim();
        if (text.Length < 2 || !double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return false;
        }

        interval = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            _ => default,
        };
        return interval > TimeSpan.Zero;
    }
}
