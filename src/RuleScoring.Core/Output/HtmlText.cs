using System.Globalization;
using System.Net;

namespace RuleScoring.Core.Output;

/// <summary>
/// Text from data or rules (lead attributes, rule and tier names, rejection reasons) put into an
/// HTML page or an SVG chart: encoded, so a value holding <c>&lt;script&gt;</c> or quotes shows as
/// text and never opens an element or ends an attribute. Replay's report.html and the council report share it.
/// </summary>
public static class HtmlText
{
    /// <summary>The value as element text or a quoted attribute value (&lt; &gt; &amp; " ' are encoded).</summary>
    public static string Encode(string? value) => WebUtility.HtmlEncode(value ?? "");

    /// <summary>A coordinate or length in an SVG attribute: invariant, at most one decimal.</summary>
    public static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
