using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RuleScoring.Worker.Api;

/// <summary>With <see cref="WorkerOptions.ApiKey"/> set, every endpoint but /health answers 401 without that key.</summary>
internal static class ApiKeyFilter
{
    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var key = context.HttpContext.RequestServices.GetRequiredService<IOptions<WorkerOptions>>().Value.ApiKey;
        if (!string.IsNullOrEmpty(key))
        {
            var sent = context.HttpContext.Request.Headers[WorkerApi.ApiKeyHeader].ToString();
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(key)))
            {
                return ApiResults.Error(StatusCodes.Status401Unauthorized, $"missing or wrong {WorkerApi.ApiKeyHeader} header");
            }
        }

        return await next(context).ConfigureAwait(false);
    }
}
