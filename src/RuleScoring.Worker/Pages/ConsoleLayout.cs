using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using RuleScoring.Core.Output;

namespace RuleScoring.Worker.Pages;

/// <summary>
/// The console's one layout: the shared page frame (<see cref="HtmlPage"/>), a nav with a link to
/// each page, then the page's own body (a &lt;main&gt; with its &lt;h1&gt;). Served with a policy
/// that allows inline styles and nothing else (no script runs, whatever a stored value holds),
/// never cached, never framed.
/// </summary>
internal static class ConsoleLayout
{
    private const string Styles = "nav.console{display:flex;gap:1.5em;padding:.5em 0;border-bottom:1px solid #d0d7de;margin-bottom:1em}"
        + "nav.console a[aria-current=page]{font-weight:600;text-decoration:none;color:#1f2328}.overdue{color:#cf222e;font-weight:600}th[scope=row]{white-space:nowrap}dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{color:#57606a}dd{margin:0}";

    private static readonly (string Path, string Name)[] Links =
    [
        (ConsolePages.Prefix, "Overview"),
        (ConsolePages.Prefix + "/queue", "Queue"),
        (ConsolePages.Prefix + "/council", "Council report"),
    ];

    /// <param name="current">The nav entry this page belongs to (marked aria-current); null for lead and account pages.</param>
    /// <param name="body">The page's body, its text encoded by the page.</param>
    public static IResult Page(string title, string? current, string body, int status = StatusCodes.Status200OK, bool nav = true)
    {
        var html = new StringBuilder();
        if (nav)
        {
            html.Append("<nav class=\"console\" aria-label=\"Console\">");
            foreach (var (path, name) in Links)
            {
                html.Append($"<a href=\"{path}\"{(path == current ? " aria-current=\"page\"" : "")}>{name}</a>");
            }

            html.AppendLine("</nav>");
        }

        html.Append(body);
        return new HtmlResult(HtmlPage.Document($"{title} - rulescore", html.ToString(), Styles), status);
    }

    /// <summary>A page in &lt;main&gt; with its heading.</summary>
    public static string Main(string heading, string content) => $"<main>\n<h1>{HtmlText.Encode(heading)}</h1>\n{content}</main>\n";

    /// <summary>The 404 page: says what was not found and where to go.</summary>
    public static IResult NotFound(string heading, string sentence) =>
        Page(heading, null, Main(heading, $"<p>{HtmlText.Encode(sentence)}</p><p><a href=\"{ConsolePages.Prefix}/queue\">Back to the queue</a></p>"), StatusCodes.Status404NotFound);

    public static string E(string? text) => HtmlText.Encode(text);

    public static string Empty(string sentence) => $"<p class=\"empty\">{HtmlText.Encode(sentence)}</p>\n";

    public static string Note(string sentence) => $"<p class=\"note\">{HtmlText.Encode(sentence)}</p>\n";

    public static string Section(string id, string title) => $"<h2 id=\"{id}\">{HtmlText.Encode(title)}</h2>\n";

    /// <summary>Terms and their values, each encoded.</summary>
    public static string Facts(IEnumerable<(string Term, string Value)> facts) =>
        "<dl>" + string.Concat(facts.Select(f => $"<dt>{HtmlText.Encode(f.Term)}</dt><dd>{HtmlText.Encode(f.Value)}</dd>")) + "</dl>\n";

    public static string Time(DateTimeOffset? at) => at is { } a ? a.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "-";

    public static string N(long value) => ReportNumbers.N(value);

    /// <summary>"1 lead", "12 leads".</summary>
    public static string Count(long count, string noun) => $"{N(count)} {noun}{(count == 1 ? "" : "s")}";

    public static string Percent(double? value) => ReportNumbers.Percent(value);

    public static string Score(decimal value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>A span of time as a person reads it: "45 min", "3 h 20 min", "2 d 4 h".</summary>
    public static string Span(TimeSpan span)
    {
        var s = span.Duration();
        return s.TotalMinutes < 60 ? $"{(int)s.TotalMinutes} min"
            : s.TotalHours < 48 ? $"{(int)s.TotalHours} h {s.Minutes} min"
            : $"{(int)s.TotalDays} d {s.Hours} h";
    }

    public static string LeadLink(string leadId) => $"{ConsolePages.Prefix}/leads/{Uri.EscapeDataString(leadId)}";

    public static string AccountLink(string account) => $"{ConsolePages.Prefix}/accounts/{Uri.EscapeDataString(account)}";

    /// <summary>An HTML answer with the console's headers.</summary>
    private sealed class HtmlResult(string html, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.CacheControl = "no-store";
            response.Headers["Referrer-Policy"] = "no-referrer";
            return response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}
