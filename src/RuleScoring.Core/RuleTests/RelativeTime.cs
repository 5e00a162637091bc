using System.Globalization;
using System.Text.RegularExpressions;

namespace RuleScoring.Core.RuleTests;

/// <summary>
/// Signal times in rule tests written relative to the test's as-of time ("-1d", "-3h", "-90m",
/// "-2w"), so a test reads like the playbook ("a demo yesterday") and does not rot as the
/// calendar moves.
/// </summary>
internal static partial class RelativeTime
{
    public const string Help = "a time relative to asOf such as -1d, -3h, -30m or -2w";

    public static bool TryParse(string text, DateTimeOffset asOf, out DateTimeOffset value)
    {
        value = default;
        var match = Pattern().Match(text.Trim());
        if (!match.Success || !int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        var sign = match.Groups[1].Value == "-" ? -1 : 1;
        var span = match.Groups[3].Value switch
        {
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            "d" => TimeSpan.FromDays(n),
            _ => TimeSpan.FromDays(7 * n),
        };
        value = asOf + (sign * span);
        return true;
    }

    [GeneratedRegex(@"^([+-])(\d{1,6})(m|h|d|w)$")]
    private static partial Regex Pattern();
}
