using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace RuleScoring.Worker.Api;

/// <summary>
/// The worker's HTTP API: signals and leads in (validated whole, stored all or nothing, idempotent
/// by event id / lead id), cards, history and the outbox out, and health. Each request opens its
/// own connection (WAL: reads never wait for the worker's writes). Field names follow the CSV
/// contract (snake_case). Every route is mapped here; each resource's handlers live beside it.
/// </summary>
public static class WorkerApi
{
    public const string ApiKeyHeader = "X-Api-Key";

    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/health", HealthEndpoints.Get);
        var api = app.MapGroup("").AddEndpointFilter(ApiKeyFilter.InvokeAsync).AddEndpointFilter(StoreUnavailableFilter.InvokeAsync);
        api.MapPost("/signals", SignalsEndpoints.Post);
        api.MapPost("/leads", LeadsEndpoints.Post);
        api.MapGet("/leads/{leadId}", LeadsEndpoints.Get);
        api.MapGet("/leads/{leadId}/history", LeadsEndpoints.GetHistory);
        api.MapGet("/accounts/{account}", AccountsEndpoints.Get);
        api.MapPost("/leads/{leadId}/worked", LeadsEndpoints.PostWorked);
        api.MapGet("/outbox", OutboxEndpoints.Get);
    }
}
