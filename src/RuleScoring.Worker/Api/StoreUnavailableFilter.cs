using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RuleScoring.Storage.Database;

namespace RuleScoring.Worker.Api;

/// <summary>
/// A database that cannot be written or reached (full disk, read-only, locked past the wait, a
/// PostgreSQL server down) answers 503 with what happened and that nothing of the request was
/// stored, so a client retries later instead of reading a bare 500 as "my payload is wrong".
/// </summary>
internal static class StoreUnavailableFilter
{
    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StorageException or DbException)
        {
            var database = ScoreDatabase.NameOf(context.HttpContext.RequestServices.GetRequiredService<IOptions<WorkerOptions>>().Value.Database);
            var message = ex is DbException db ? StoreFailure.Describe(database, db, "nothing from this request was stored") : ex.Message;
            context.HttpContext.Response.Headers.RetryAfter = "30";
            return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, message);
        }
    }
}
