using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using RuleScoring.Worker.Hosting;

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

    /// <summary>The OpenAPI document's name: served at <c>/openapi/v1.json</c>.</summary>
    public const string OpenApiDocument = "v1";

    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Served without the key: no lead data in any of them.
        app.MapGet("/health", HealthEndpoints.Get).Produces<HealthResponse>().Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable)
            .WithTags("operations").WithSummary("The worker's health with every reason it is not ok, the active rules, the last tick and the lag.");
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(WorkerReadyCheck.Tag) });
        app.MapGet("/metrics", MetricsEndpoints.Get).Produces<string>(contentType: PrometheusText.ContentType)
            .WithTags("operations").WithSummary("Counters and gauges in Prometheus' text format.");
        app.MapOpenApi();
        // The console's pages: HTML for people, with a login form instead of the header.
        Pages.ConsolePages.Map(app);

        var api = app.MapGroup("").AddEndpointFilter(ApiKeyFilter.InvokeAsync).AddEndpointFilter(StoreUnavailableFilter.InvokeAsync)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ErrorResponse), ["application/json"]))
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(ErrorResponse), ["application/json"]));
        api.MapPost("/signals", SignalsEndpoints.Post).Accepts<JsonElement>("application/json", "application/x-ndjson")
            .Produces<SignalsAccepted>(StatusCodes.Status202Accepted).Produces<ErrorResponse>(StatusCodes.Status400BadRequest).Produces(StatusCodes.Status413PayloadTooLarge)
            .WithTags("signals").WithSummary("Stores signals (one object, an array, or JSONL), all or nothing, idempotent by event_id.");
        api.MapPost("/leads", LeadsEndpoints.Post).Accepts<JsonElement>("application/json", "application/x-ndjson")
            .Produces<LeadsAccepted>(StatusCodes.Status202Accepted).Produces<ErrorResponse>(StatusCodes.Status400BadRequest).Produces(StatusCodes.Status413PayloadTooLarge)
            .WithTags("leads").WithSummary("Stores leads with their attributes and signals, all or nothing, idempotent by lead_id.");
        api.MapGet("/leads/{leadId}", LeadsEndpoints.Get).Produces<LeadResponse>().Produces<ErrorResponse>(StatusCodes.Status404NotFound)
            .WithTags("leads").WithSummary("A lead's current card: scores, tier, reasons, SLA.");
        api.MapGet("/leads/{leadId}/history", LeadsEndpoints.GetHistory).Produces<JsonElement>().Produces<ErrorResponse>(StatusCodes.Status404NotFound)
            .WithTags("leads").WithSummary("A lead's current card and its score history (the shape of explain --format json).");
        api.MapGet("/accounts/{account}", AccountsEndpoints.Get).Produces<AccountResponse>().Produces<ErrorResponse>(StatusCodes.Status404NotFound)
            .WithTags("accounts").WithSummary("An account's score, tier, committee coverage and contacts.");
        api.MapPost("/leads/{leadId}/worked", LeadsEndpoints.PostWorked).Produces<WorkedResponse>().Produces<ErrorResponse>(StatusCodes.Status404NotFound)
            .WithTags("leads").WithSummary("Records that sales worked the lead: closes its open follow-up tasks.");
        api.MapGet("/outbox", OutboxEndpoints.Get).Produces<OutboxResponse>().Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
            .WithTags("outbox").WithSummary("Tier changes after a position (?after=ID&limit=N), oldest first: the CRM sync's feed.");
    }
}
