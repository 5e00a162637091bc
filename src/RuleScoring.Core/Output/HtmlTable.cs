using System.Text;

namespace RuleScoring.Core.Output;

/// <summary>
/// A data table for the HTML pages (the council report, the worker's console): a caption, column
/// headers with <c>scope="col"</c>, the first cell of each row its header (<c>scope="row"</c>).
/// Every cell is HTML-encoded here, so callers pass text as it is; a line break in a cell becomes
/// &lt;br&gt;; a cell reading "small sample ..." is flagged.
/// </summary>
public static class HtmlTable
{
    /// <param name="textColumns">Columns aligned left as text (the first and any headed "note" always are); the rest are numbers.</param>
    /// <param name="link">Where a cell links to, by column and cell text (null: no link); the address is encoded too.</param>
    public static string Write(string caption, IReadOnlyList<string> headers, IEnumerable<string[]> rows, int[]? textColumns = null, Func<int, string, string?>? link = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var text = textColumns ?? [];
        var html = new StringBuilder($"<table><caption>{HtmlText.Encode(caption)}</caption><thead><tr>");
        for (var i = 0; i < headers.Count; i++)
        {
            html.Append($"<th scope=\"col\"{(i == 0 || text.Contains(i) ? " class=\"text\"" : "")}>{HtmlText.Encode(headers[i])}</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Length; i++)
            {
                var cell = HtmlText.Encode(row[i]).Replace("\n", "<br>", StringComparison.Ordinal);
                if (link?.Invoke(i, row[i]) is { } href)
                {
                    cell = $"<a href=\"{HtmlText.Encode(href)}\">{cell}</a>";
                }

                html.Append(i == 0 ? $"<th scope=\"row\">{cell}</th>"
                    : row[i].StartsWith("small sample", StringComparison.Ordinal) ? $"<td class=\"text flag\">{cell}</td>"
                    : $"<td{(text.Contains(i) || (i < headers.Count && headers[i] == "note") ? " class=\"text\"" : "")}>{cell}</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }
}
