using System.Globalization;
using System.Text.RegularExpressions;

namespace RuleScoring.Core.Leads;

/// <summary>
/// The one timestamp format of the data contract: ISO 8601; a bare date means 00:00 UTC and a
/// time without an offset is UTC. Anything else (e.g. "11/20/2026") is rejected, not guessed.
/// </summary>
public static partial class Timestamps
{
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || !IsoStart().IsMatch(text.Trim()))
        {
            return false;
        }

        return DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")]
    private static partial Regex IsoStart();
}
