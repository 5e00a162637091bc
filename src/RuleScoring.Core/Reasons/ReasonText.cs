using System.Globalization;

namespace RuleScoring.Core.Reasons;

/// <summary>Fills a rule's reason template: {count}, {age}, {points}, {topics}.</summary>
internal static class ReasonText
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
