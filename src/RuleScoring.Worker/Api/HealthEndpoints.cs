using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RuleScoring.Worker.Hosting;
using RuleScoring.Worker.Rules;

namespace RuleScoring.Worker.Api;

/// <summary><c>GET /health</c>: 200 "ok" or 503 "degraded" with every reason, the rules, the last tick and the lag.</summary>
internal static class HealthEndpoints
{
    public static IResult Get(ActiveRules rules, WorkerStatus status, IOptions<WorkerOptions> options, TimeProvider time)
    {
        var now = time.GetUtcNow();
        using var db = ApiStore.Open(options.Value, time);
        var gauges = StoreGauges.Read(db, now);
        var (active, lastTick, ticks, lastError, lastErrorAt, reasons) = WorkerHealth.Read(rules, status, options.Value.TickInterval, now);
        var healthy = reasons.Count == 0;
        var response = new HealthResponse(
            healthy ? "ok" : "degraded",
            reasons,
            now,
            status.StartedAt,
            active is null ? null : new HealthRules(active.Identity.Name, active.Identity.Version, active.Identity.Hash, active.Activation.ActivatedAt),
            rules.Rejected is { } rejected ? new HealthRulesRejected(rejected.Version, rejected.At, rejected.Problems) : null,
            ticks,
            lastTick,
            lastError is null ? null : new HealthLastError(lastErrorAt, lastError),
            new HealthLag(
                gauges.SignalBacklog,
                gauges.SignalLagSeconds,
                gauges.LeadsDue,
                lastTick is null ? null : Math.Max(0, (now - lastTick.AsOf).TotalSeconds)),
            new HealthSla(gauges.SlaOpen, gauges.SlaOverdue));
        return Results.Json(response, WorkerJson.Api.HealthResponse, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
