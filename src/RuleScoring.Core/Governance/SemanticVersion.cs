using System.Globalization;

namespace RuleScoring.Core.Governance;

/// <summary>Just enough of semver 2.0 to tell whether a rules version went up: precedence, build metadata ignored.</summary>
public static class SemanticVersion
{
    /// <summary>Negative when <paramref name="a"/> precedes <paramref name="b"/>; null when either is not major.minor.patch.</summary>
    public static int? Compare(string a, string b)
    {
        if (Parse(a) is not { } x || Parse(b) is not { } y)
        {
            return null;
        }

        for (var i = 0; i < 3; i++)
        {
            if (x.Numbers[i] != y.Numbers[i])
            {
                return x.Numbers[i].CompareTo(y.Numbers[i]);
            }
        }

        // A pre-release precedes its release: 1.1.0-rc.1 < 1.1.0.
        if (x.Pre.Length == 0 || y.Pre.Length == 0)
        {
            return y.Pre.Length.CompareTo(x.Pre.Length);
        }

        for (var i = 0; i < Math.Min(x.Pre.Length, y.Pre.Length); i++)
        {
            var (p, q) = (x.Pre[i], y.Pre[i]);
            var pn = long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var pv);
            var qn = long.TryParse(q, NumberStyles.None, CultureInfo.InvariantCulture, out var qv);
            var c = (pn, qn) switch
            {
                (true, true) => pv.CompareTo(qv),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(p, q),
            };
            if (c != 0)
            {
                return c;
            }
        }

        return x.Pre.Length.CompareTo(y.Pre.Length);
    }

    /// <summary>The next minor version, the usual bump for a reviewed rules change.</summary>
    public static string NextMinor(string version) =>
        Parse(version) is { } v ? $"{v.Numbers[0]}.{v.Numbers[1] + 1}.0" : version;

    private static (long[] Numbers, string[] Pre)? Parse(string version)
    {
        var core = version.Split('+')[0];
        var dash = core.IndexOf('-', StringComparison.Ordinal);
        var pre = dash < 0 ? [] : core[(dash + 1)..].Split('.');
        var parts = (dash < 0 ? core : core[..dash]).Split('.');
        var numbers = new long[3];
        if (parts.Length != 3)
        {
            return null;
        }

        for (var i = 0; i < 3; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }

        return (numbers, pre);
    }
}
