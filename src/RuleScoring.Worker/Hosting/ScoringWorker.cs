using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RuleScoring.Storage.Database;
using RuleScoring.Worker.Rules;
using RuleScoring.Worker.Scoring;

namespace RuleScoring.Worker.Hosting;

/// <summary>
/// The loop: each tick re-reads the rules (hot reload, last good version kept), scores the leads
/// that are due, runs the SLA monitor, then waits for the interval or an earlier wake-up. A failed
/// tick is logged and retried next tick; stopping cancels between batches.
/// </summary>
public sealed partial class ScoringWorker(
    IOptions<WorkerOptions> options,
    ActiveRules rules,
    TickTrigger trigger,
    WorkerStatus status,
    TimeProvider time,
    ILogger<ScoringWorker> log) : BackgroundService
{
    /// <summary>Runs one tick now, on the calling thread: what the loop does each interval.</summary>
    public TickResult? TickOnce(ScoreDatabase db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        status.TickStarting(time.GetUtcNow());
        rules.Refresh(db);
        if (rules.Current is not { } active)
        {
            LogNoRules(log, rules.Directory);
            return null;
        }

        // Whole seconds: a stored card keeps seconds, so the stored card is exactly the scored one.
        var now = time.GetUtcNow();
        var asOf = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var tick = new ScoringTick(db, active, options.Value.BatchSize, log).Run(asOf, cancellationToken: cancellationToken);
        status.Ticked(tick);
        // Quiet ticks go to debug: an idle worker should not fill the log.
        var level = tick.Scored > 0 || tick.SlaBreached > 0 || !tick.Completed ? LogLevel.Information : LogLevel.Debug;
        LogTick(log, level, tick.ForRules, tick.ForSignals, tick.ForDecay, tick.HistoryRows, tick.TierChanges, tick.SlaBreached,
            tick.RulesVersion, tick.Elapsed.TotalMilliseconds, tick.Completed);
        return tick;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        status.StartedAt = time.GetUtcNow();
        // Ticks are synchronous database work: keep them off the host's startup path.
        await Task.Yield();
        using var db = ScoreDatabase.Open(options.Value.Database, time);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    TickOnce(db, stoppingToken);
                }
                catch (Exception ex) when (ex is StorageException or DbException)
                {
                    // A condition of the machine (disk full, read-only, locked), not a bug: say what it is
                    // and that the batch rolled back, without a stack trace, and try again next tick.
                    var message = ex is DbException database
                        ? StoreFailure.Describe(db.Path, database, "the batch in flight was rolled back; every stored batch is whole")
                        : ex.Message;
                    status.Failed(message, time.GetUtcNow());
                    LogTickStorageFailed(log, message);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    status.Failed(ex.Message, time.GetUtcNow());
                    LogTickFailed(log, ex);
                }

                await trigger.WaitAsync(options.Value.TickInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the batch in flight committed or rolled back as a whole.
        }
        finally
        {
            LogStopped(log);
        }
    }

    [LoggerMessage(
        Message = "Tick: scored {ForRules} for rules, {ForSignals} for new signals, {ForDecay} for decay; {HistoryRows} history rows, {TierChanges} tier changes, {SlaBreached} SLA breaches; rules {RulesVersion}; {ElapsedMs:F0} ms; completed {Completed}")]
    private static partial void LogTick(ILogger logger, LogLevel level, int forRules, int forSignals, int forDecay, int historyRows, int tierChanges, int slaBreached,
        string rulesVersion, double elapsedMs, bool completed);

    [LoggerMessage(Level = LogLevel.Error, Message = "No valid rules in {Directory} yet: nothing is scored until they validate")]
    private static partial void LogNoRules(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tick failed; retrying next tick")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tick failed: {Reason}; retrying next tick")]
    private static partial void LogTickStorageFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker stopped; every stored batch is whole")]
    private static partial void LogStopped(ILogger logger);
}
