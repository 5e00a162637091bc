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
            if (!Matches(context.HttpContext.Request.Headers[WorkerApi.ApiKeyHeader].ToString(), key))
            {
                return ApiResults.Error(StatusCodes.Status401Unauthorized, $"missing or wrong {WorkerApi.ApiKeyHeader} header");
            }
        }

        return await next(context).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether <paramref name="sent"/> is the key, in time that depends on neither: both are hashed
    /// first, so even the key's length does not show in how long a wrong guess takes. The API's
    /// header and the console's login compare through here.
    /// </summary>
    public static bool Matches(string? sent, string key) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(sent ?? "")), SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
