using System.Text;

namespace RuleScoring.Core.Output;

/// <summary>
/// A grouped bar chart as inline SVG: one group per category, one bar per series, drawn from zero
/// (a bar's height is its value over the largest value, never a cut-off axis; with negative values
/// zero sits in the middle and they hang below it). No script, no font or stylesheet from
/// elsewhere: the page opens offline. The chart carries a &lt;title&gt; and an aria-label, each bar
/// a &lt;title&gt; with its value; a missing value draws no bar and says "n/a". Every label is
/// HTML-encoded here, so callers pass text as it is.
/// </summary>
public static class SvgBarChart
{
    private const double CharWidth = 6;

    /// <param name="title">What the chart shows: the SVG's title and aria-label.</param>
    /// <param name="categories">The x-axis labels, in order.</param>
    /// <param name="format">How a value reads in a bar's title (e.g. as a percentage).</param>
    public static string Draw(string title, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series, Func<double, string> format, int width = 360, int height = 160)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(format);
        const int top = 6;
        var slot = width / (double)Math.Max(1, categories.Count);
        // Labels that do not fit under their bars are turned, so each stays whole.
        var longest = categories.Select(c => c.Length).DefaultIfEmpty(0).Max();
        var turned = longest * CharWidth > slot - 2;
        var shown = categories.Select(c => c.Length > 24 ? c[..23] + "…" : c).ToList();
        var bottom = turned ? 12 + (int)(Math.Min(longest, 24) * CharWidth * 0.72) : 18;
        var legend = series.Count > 1 ? 18 : 0;
        var values = series.SelectMany(s => s.Values).Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).ToList();
        var max = values.Count == 0 ? 0 : values.Max(Math.Abs);
        var negative = values.Any(v => v < 0);
        var zero = top + (negative ? height / 2.0 : height);
        var scale = max == 0 ? 0 : (negative ? height / 2.0 : height) / max;
        var bar = Math.Max(1, (slot - 6) / Math.Max(1, series.Count));
        var svg = new StringBuilder();
        // A turned label reaches past its slot to the right: the last one needs room beyond the bars.
        var overhang = turned ? (int)(Math.Min(longest, 24) * CharWidth * 0.77) : 0;
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width + overhang}\" height=\"{top + height + bottom + legend}\" role=\"img\" aria-label=\"{HtmlText.Encode(title)}\"><title>{HtmlText.Encode(title)}</title>");
        for (var c = 0; c < categories.Count; c++)
        {
            for (var s = 0; s < series.Count; s++)
            {
                var x = c * slot + 3 + s * bar;
                var value = c < series[s].Values.Count ? series[s].Values[c] : null;
                var name = series.Count > 1 ? $"{series[s].Name} " : "";
                if (value is not { } v || !double.IsFinite(v))
                {
                    svg.Append($"<text x=\"{HtmlText.Number(x)}\" y=\"{HtmlText.Number(zero - 2)}\" font-size=\"9\" fill=\"#57606a\"><title>{HtmlText.Encode($"{name}{categories[c]}: n/a")}</title>n/a</text>");
                    continue;
                }

                var h = Math.Abs(v) * scale;
                svg.Append($"<rect x=\"{HtmlText.Number(x)}\" y=\"{HtmlText.Number(v < 0 ? zero : zero - h)}\" width=\"{HtmlText.Number(Math.Max(1, bar - 2))}\" height=\"{HtmlText.Number(h)}\" fill=\"{HtmlText.Encode(series[s].Colour)}\"><title>{HtmlText.Encode($"{name}{categories[c]}: {format(v)}")}</title></rect>");
            }

            var lx = c * slot + 3;
            var ly = top + height + 12;
            svg.Append(turned
                ? $"<text x=\"{HtmlText.Number(lx)}\" y=\"{ly}\" font-size=\"10\" transform=\"rotate(40 {HtmlText.Number(lx)} {ly})\">{HtmlText.Encode(shown[c])}</text>"
                : $"<text x=\"{HtmlText.Number(lx)}\" y=\"{ly}\" font-size=\"10\">{HtmlText.Encode(shown[c])}</text>");
        }

        svg.Append($"<line x1=\"0\" y1=\"{HtmlText.Number(zero)}\" x2=\"{width}\" y2=\"{HtmlText.Number(zero)}\" stroke=\"#8c959f\"/>");
        for (var s = 0; s < series.Count && legend > 0; s++)
        {
            var x = s * 120;
            var y = top + height + bottom + 4;
            svg.Append($"<rect x=\"{x}\" y=\"{y}\" width=\"10\" height=\"10\" fill=\"{HtmlText.Encode(series[s].Colour)}\"/><text x=\"{x + 14}\" y=\"{y + 9}\" font-size=\"10\">{HtmlText.Encode(series[s].Name)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }
}
