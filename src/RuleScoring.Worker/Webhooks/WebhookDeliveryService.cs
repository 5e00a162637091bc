using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RuleScoring.Core.Webhooks;
using RuleScoring.Storage.Database;

namespace RuleScoring.Worker.Webhooks;

/// <summary>
/// Webhook delivery beside scoring, on its own connection and loop: a slow or down receiver holds
/// only this loop (its waits are stored, not slept in a transaction), never a scoring tick.
/// Re-reads the rules folder's webhooks.json each pass; one with errors keeps the last good one.
/// </summary>
public sealed partial class WebhookDeliveryService(IOptions<WorkerOptions> options, TimeProvider time, ILogger<WebhookDeliveryService> log) : BackgroundService
{
    /// <summary>The turn several workers on one PostgreSQL database take, so each delivery goes out from one of them.</summary>
    public const string Turn = "webhooks";

    private WebhookSettings _settings = WebhookSettings.None;
    private string _problems = "";

    /// <summary>
    /// Places each enabled subscription's cursor before the scoring loop starts (this service is
    /// registered ahead of it, and hosted services start in turn), so a subscription in the file
    /// when the worker starts hears every event this run makes, the first tick's included.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var webhooks = Reload(options.Value.Rules);
            if (webhooks.Enabled.Any())
            {
                using var db = ScoreDatabase.Open(options.Value.Database, time);
                foreach (var subscription in webhooks.Enabled)
                {
                    db.Deliveries.Cursor(subscription.Name);
                }
            }
        }
        catch (Exception ex) when (ex is StorageException or DbException or IOException)
        {
            // The loop tries again; scoring reports the store's condition itself.
            LogFailed(log, ex.Message);
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var settings = options.Value;
        using var http = WebhookDispatcher.CreateClient();
        var dispatcher = new WebhookDispatcher(http, time, new Random(), Environment.GetEnvironmentVariable, log);
        ScoreDatabase? db = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var more = false;
                try
                {
                    var webhooks = Reload(settings.Rules);
                    if (webhooks.Enabled.Any())
                    {
                        db ??= ScoreDatabase.Open(settings.Database, time);
                        using var turn = db.Worker.TryTakeTurn(Turn);
                        if (turn is not null)
                        {
                            var pass = await dispatcher.RunOnceAsync(db, webhooks, cancellationToken: stoppingToken).ConfigureAwait(false);
                            more = pass.More;
                            if (pass.Recorded > 0 || pass.Attempted > 0)
                            {
                                LogPass(log, pass.Recorded, pass.Delivered, pass.Failed, pass.Dead);
                            }
                        }
                    }
                }
                catch (Exception ex) when (ex is StorageException or DbException)
                {
                    LogFailed(log, ex.Message);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogCrashed(log, ex);
                }

                if (!more)
                {
                    await Task.Delay(settings.DeliveryInterval, time, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a request in flight is abandoned unrecorded, so its delivery stays pending.
        }
        finally
        {
            db?.Dispose();
        }
    }

    private WebhookSettings Reload(string rules)
    {
        var read = WebhookSettingsReader.Read(rules);
        var problems = string.Join(Environment.NewLine, read.Errors);
        if (problems != _problems)
        {
            _problems = problems;
            if (problems.Length > 0)
            {
                LogRejected(log, problems);
            }
        }

        if (read.Settings is { } good)
        {
            _settings = good;
        }

        return _settings;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhooks: {Recorded} deliveries recorded, {Delivered} delivered, {Failed} failed (retrying), {Dead} dead")]
    private static partial void LogPass(ILogger logger, int recorded, int delivered, int failed, int dead);

    [LoggerMessage(Level = LogLevel.Error, Message = "webhooks.json has errors; the last good subscriptions stay in use:\n{Problems}")]
    private static partial void LogRejected(ILogger logger, string problems);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook pass failed: {Reason}; retrying next pass")]
    private static partial void LogFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook pass failed; retrying next pass")]
    private static partial void LogCrashed(ILogger logger, Exception exception);
}
