using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RuleScoring.Storage.Worker;
using RuleScoring.Worker.Api;
using RuleScoring.Worker.Rules;

namespace RuleScoring.Worker.Hosting;

/// <summary>
/// Readiness in ASP.NET Core's health-check shape (<c>/health/ready</c>): the store answers, a rules
/// version is active, and the loop is not failing or stuck: the same reasons /health gives, which
/// stays the place to read them in full.
/// </summary>
internal sealed class WorkerReadyCheck(ActiveRules rules, WorkerStatus status, IOptions<WorkerOptions> options, TimeProvider time) : IHealthCheck
{
    public const string Tag = "ready";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        try
        {
            // A one-row read: a probe every few seconds must not count a million scores.
            using var db = ApiStore.Open(options.Value, time);
            db.Worker.GetCursor(WorkerStore.SignalCursor);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"the store does not answer: {ex.Message}"));
        }

        var health = WorkerHealth.Read(rules, status, options.Value.TickInterval, now);
        return Task.FromResult(health.Healthy ? HealthCheckResult.Healthy("ready") : HealthCheckResult.Unhealthy(string.Join("; ", health.Reasons)));
    }
}
