namespace RuleScoring.Core.Output;

/// <summary>
/// The frame of a self-contained HTML page: UTF-8, a viewport, the title (encoded) and one inline
/// stylesheet, no script and nothing fetched. The council report and the worker's console pages
/// share it, so tables and charts read the same in both.
/// </summary>
public static class HtmlPage
{
    public const string Blue = "#1f6feb";

    /// <summary>The stylesheet every page starts from: tables, chart-and-table pairs, notes, empty sections, focus rings.</summary>
    public const string Styles =
        "body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px;color:#1f2328}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:2em}"
        + "table{border-collapse:collapse;margin:0 0 1em 0}caption{text-align:left;font-weight:600;padding:.3em 0}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:right;vertical-align:top}"
        + "th[scope=row],td.text,th.text{text-align:left}thead th{background:#f6f8fa}.pair{display:flex;flex-wrap:wrap;gap:2em;align-items:flex-start}figure{margin:0}"
        + "figcaption{font-size:.9em;color:#57606a}.note{color:#57606a}.empty{font-style:italic}.flag{color:#9a6700}nav ol{columns:2}a:focus{outline:2px solid " + Blue + "}";

    /// <param name="body">The page's body, already HTML (its text encoded by whoever wrote it).</param>
    /// <param name="moreStyles">CSS added after <see cref="Styles"/>.</param>
    public static string Document(string title, string body, string? moreStyles = null) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + $"<title>{HtmlText.Encode(title)}</title><style>\n{Styles}{moreStyles}\n</style></head><body>\n{body}</body></html>\n";
}
