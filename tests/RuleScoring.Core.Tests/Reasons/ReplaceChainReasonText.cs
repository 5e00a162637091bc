using System.Globalization;

namespace RuleScoring.Core.Tests.Reasons;

/// <summary>
/// How reason texts were filled before templates were parsed once: four Replace calls in a row.
/// The specification <see cref="RuleScoring.Core.Reasons.ReasonTemplate"/> is held to, kept here
/// rather than as product code nothing calls.
/// </summary>
internal static class ReplaceChainReasonText
{
    public static string Format(string template, int count, int? ageDays, decimal points, IReadOnlyList<string> topics)
    {
        if (!template.Contains('{', StringComparison.Ordinal))
        {
            return template;
        }

        return template
            .Replace("{count}", count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{age}", Age(ageDays), StringComparison.Ordinal)
            .Replace("{points}", points.ToString("0.##", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{topics}", string.Join(", ", topics), StringComparison.Ordinal);
    }

    public static string Age(int? ageDays) => ageDays switch
    {
        null => "no date",
        0 => "today",
        1 => "yesterday",
        _ => $"{ageDays} days ago",
    };
}
