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

    /// <summary>
    /// For a text that is ISO 8601 in shape but does not parse: names a UTC offset beyond ±14:00
    /// (e.g. +25:00) as such, so a caller does not read "not ISO 8601" for a well-formed date.
    /// Null when the offset is not the problem.
    /// </summary>
    public static string? OffsetProblem(string? text)
    {
        if (text is null || !IsoStart().IsMatch(text.Trim()) || OffsetAtEnd().Match(text.Trim()) is not { Success: true } m)
        {
            return null;
        }

        var hours = int.Parse(m.Groups["h"].ValueSpan, CultureInfo.InvariantCulture);
        var minutes = int.Parse(m.Groups["m"].ValueSpan, CultureInfo.InvariantCulture);
        return hours > 14 || (hours == 14 && minutes > 0) || minutes > 59
            ? $"UTC offset {m.Value} is out of range (offsets run from -14:00 to +14:00)"
            : null;
    }

    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")]
    private static partial Regex IsoStart();

    [GeneratedRegex(@"(?<=\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)[+-](?<h>\d{2}):?(?<m>\d{2})$")]
    private static partial Regex OffsetAtEnd();
}
