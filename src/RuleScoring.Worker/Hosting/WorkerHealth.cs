using RuleScoring.Worker.Rules;
using RuleScoring.Worker.Scoring;

namespace RuleScoring.Worker.Hosting;

/// <summary>
/// The worker's state as /health, the readiness check and the console overview judge it, read once:
/// the active rules, the last tick, the last error and every reason the worker is not ok.
/// </summary>
internal sealed record WorkerHealth(RulesSnapshot? Active, TickResult? LastTick, long Ticks, string? LastError, DateTimeOffset? LastErrorAt, IReadOnlyList<string> Reasons)
{
    public bool Healthy => Reasons.Count == 0;

    public static WorkerHealth Read(ActiveRules rules, WorkerStatus status, TimeSpan tickInterval, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(status);
        var (lastTick, ticks, lastError, lastErrorAt) = status.Read();
        var active = rules.Current;
        var reasons = HealthReasons.Of(active is not null, lastTick, lastError, lastErrorAt, status.TickStartedAt, status.StartedAt, now, tickInterval);
        return new WorkerHealth(active, lastTick, ticks, lastError, lastErrorAt, reasons);
    }
}
