using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RuleScoring.Worker.Api;

namespace RuleScoring.Worker.Pages;

/// <summary>
/// The console: read-only HTML pages for the RevOps council and operations, rendered on the
/// server from the store and the worker's state (no script, no build step). GET only, but for the
/// login; behind the API key when one is set (<see cref="ConsoleAuth"/>). Not part of the API's
/// OpenAPI document.
/// </summary>
public static class ConsolePages
{
    public const string Prefix = "/console";

    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(Prefix + "/login", ConsoleAuth.LoginForm).ExcludeFromDescription();
        app.MapPost(Prefix + "/login", ConsoleAuth.Login).ExcludeFromDescription();
        var pages = app.MapGroup(Prefix).AddEndpointFilter(ConsoleAuth.InvokeAsync).AddEndpointFilter(StoreUnavailableFilter.InvokeAsync).ExcludeFromDescription();
        pages.MapGet("", OverviewPage.Get);
        pages.MapGet("/queue", QueuePage.Get);
        pages.MapGet("/council", CouncilPage.Get);
        pages.MapGet("/leads/{leadId}", LeadPage.Get);
        pages.MapGet("/accounts/{account}", AccountPage.Get);
    }
}
