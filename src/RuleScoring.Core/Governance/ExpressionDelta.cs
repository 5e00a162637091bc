using System.Text.RegularExpressions;

namespace RuleScoring.Core.Governance;

/// <summary>
/// Narrows an expression change to the clauses that differ, so a reviewer reads
/// <c>card.Intent >= 30</c> -> <c>card.Intent >= 35</c> instead of two whole expressions.
/// </summary>
internal static partial class ExpressionDelta
{
    /// <summary>The differing clauses, or the whole expressions when the clause structure changed.</summary>
    public static IReadOnlyList<(string Before, string After, bool NumbersOnly)> Between(string before, string after)
    {
        if (string.Equals(Normalise(before), Normalise(after), StringComparison.Ordinal))
        {
            return [];
        }

        var a = Clauses().Split(before);
        var b = Clauses().Split(after);
        if (a.Length != b.Length)
        {
            return [(before.Trim(), after.Trim(), false)];
        }

        var changes = new List<(string, string, bool)>();
        for (var i = 0; i < a.Length; i++)
        {
            var (x, y) = (Trim(a[i]), Trim(b[i]));
            if (!string.Equals(Normalise(x), Normalise(y), StringComparison.Ordinal))
            {
                var numbersOnly = string.Equals(Numbers().Replace(Normalise(x), "#"), Numbers().Replace(Normalise(y), "#"), StringComparison.Ordinal);
                changes.Add((x, y, numbersOnly));
            }
        }

        return changes;
    }

    private static string Normalise(string expression) => Whitespace().Replace(expression.Trim(), " ");

    /// <summary>Drops the parentheses a clause only has because the split cut through a group.</summary>
    private static string Trim(string clause)
    {
        var text = clause.Trim();
        while (text.StartsWith('(') && text.Count(c => c == '(') > text.Count(c => c == ')'))
        {
            text = text[1..].TrimStart();
        }

        while (text.EndsWith(')') && text.Count(c => c == ')') > text.Count(c => c == '('))
        {
            text = text[..^1].TrimEnd();
        }

        return text;
    }

    [GeneratedRegex(@"\s+(?:and|or|andalso|orelse)\s+|\s*(?:&&|\|\|)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Clauses();

    [GeneratedRegex(@"-?\d+(?:\.\d+)?")]
    private static partial Regex Numbers();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
