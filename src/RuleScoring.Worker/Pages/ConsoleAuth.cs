using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RuleScoring.Worker.Api;

namespace RuleScoring.Worker.Pages;

/// <summary>
/// The console's login, with <see cref="WorkerOptions.ApiKey"/> set (without one the pages are
/// open, as the API is). The login form posts the key once; the answer is an HttpOnly,
/// SameSite=Strict cookie (Secure over https) that holds when it was issued and an HMAC of that
/// under the key, never the key: it lasts <see cref="Lifetime"/>, and a new key ends every session.
/// A key in a query string is never read. The X-Api-Key header opens the pages too (scripts).
/// </summary>
internal static class ConsoleAuth
{
    public const string Cookie = "rulescore_console";

    /// <summary>How long a login holds.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private const string Label = "rulescore console session v1";

    /// <summary>Lets the request through, or answers 401 with the login form (the page asked for comes back after login).</summary>
    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = Key(http);
        if (key is null || IsSignedIn(http.Request, key, Now(http)))
        {
            return await next(context).ConfigureAwait(false);
        }

        return LoginPage.Form(http.Request.Path.Value, null, StatusCodes.Status401Unauthorized);
    }

    /// <summary><c>POST /console/login</c>: the right key sets the cookie and goes back to the page asked for; a wrong one shows the form again, 401.</summary>
    public static async Task<IResult> Login(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var http = request.HttpContext;
        var key = Key(http);
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false) : null;
        var back = LocalPage(form?["next"].ToString());
        if (key is null)
        {
            return Results.Redirect(back);
        }

        if (!ApiKeyFilter.Matches(form?["key"].ToString(), key))
        {
            return LoginPage.Form(back, "That is not the worker's API key.", StatusCodes.Status401Unauthorized);
        }

        http.Response.Cookies.Append(Cookie, Token(key, Now(http)), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = ConsolePages.Prefix,
            MaxAge = Lifetime,
            IsEssential = true,
        });
        return Results.Redirect(back);
    }

    /// <summary><c>GET /console/login</c>: the form (or the overview when no key is set or the cookie holds).</summary>
    public static IResult LoginForm(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var key = Key(http);
        return key is null || IsSignedIn(http.Request, key, Now(http))
            ? Results.Redirect(ConsolePages.Prefix)
            : LoginPage.Form(ConsolePages.Prefix, null, StatusCodes.Status200OK);
    }

    /// <summary>The cookie's value issued at <paramref name="at"/>: "unix seconds.HMAC-SHA256(key, label|seconds)" in base64url.</summary>
    internal static string Token(string key, DateTimeOffset at)
    {
        var issued = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{issued}.{Mac(key, issued)}";
    }

    internal static bool IsSignedIn(HttpRequest request, string key, DateTimeOffset now)
    {
        var header = request.Headers[WorkerApi.ApiKeyHeader].ToString();
        if (header.Length > 0 && ApiKeyFilter.Matches(header, key))
        {
            return true;
        }

        var cookie = request.Cookies[Cookie];
        var dot = cookie?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (cookie is null || dot < 1 || !long.TryParse(cookie.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var issued = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253_402_300_799));
        var expected = Mac(key, cookie[..dot]);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(cookie[(dot + 1)..]), Encoding.ASCII.GetBytes(expected))
            && issued <= now + TimeSpan.FromMinutes(5) && now - issued < Lifetime;
    }

    private static string Mac(string key, string issued) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"{Label}|{issued}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Only a console page of this worker: never another site, so the form cannot be used to send someone elsewhere.</summary>
    internal static string LocalPage(string? path) =>
        path is { Length: > 0 } p && p.StartsWith(ConsolePages.Prefix, StringComparison.Ordinal) && !p.Contains("//", StringComparison.Ordinal)
            && !p.Contains('\\', StringComparison.Ordinal) && !p.StartsWith(ConsolePages.Prefix + "/login", StringComparison.Ordinal)
            ? p
            : ConsolePages.Prefix;

    private static string? Key(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<WorkerOptions>>().Value.ApiKey is { Length: > 0 } key ? key : null;

    private static DateTimeOffset Now(HttpContext http) => http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
}
