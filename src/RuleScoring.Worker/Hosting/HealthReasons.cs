using System.Globalization;
using RuleScoring.Worker.Scoring;

namespace RuleScoring.Worker.Hosting;

/// <summary>Why /health is not "ok": each reason a sentence, none when the worker is healthy.</summary>
internal static class HealthReasons
{
    /// <summary>Ticks that may pass without one completing before the loop counts as stuck.</summary>
    public const int StaleAfterIntervals = 3;

    public static IReadOnlyList<string> Of(bool rulesActive, TickResult? lastTick, string? lastError, DateTimeOffset? lastErrorAt,
        DateTimeOffset? tickStartedAt, DateTimeOffset? workerStartedAt, DateTimeOffset now, TimeSpan tickInterval)
    {
        var reasons = new List<string>();
        if (!rulesActive)
        {
            reasons.Add("no valid rules version is active: nothing is scored until the rules folder validates");
        }

        var lastCompleted = lastTick is null ? (DateTimeOffset?)null : lastTick.AsOf + lastTick.Elapsed;
        if (lastError is not null && lastErrorAt is { } failedAt && (lastCompleted is null || failedAt >= lastTick!.AsOf))
        {
            reasons.Add($"the last tick failed: {lastError}");
        }

        var staleAfter = tickInterval * StaleAfterIntervals;
        var since = lastCompleted ?? workerStartedAt;
        if (since is { } from && now - from > staleAfter)
        {
            var running = tickStartedAt is { } started && (lastTick is null || started > lastTick.AsOf)
                ? string.Create(CultureInfo.InvariantCulture, $"; the tick started {started:u} has not finished")
                : "";
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"no tick has completed for {(now - from).TotalSeconds:N0} s, more than {StaleAfterIntervals} tick intervals ({tickInterval.TotalSeconds:N0} s each){running}"));
        }
        else if (lastTick is null)
        {
            reasons.Add("no tick has completed yet");
        }

        return reasons;
    }
}
