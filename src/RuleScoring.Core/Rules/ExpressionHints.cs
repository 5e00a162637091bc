using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Tiers;

namespace RuleScoring.Core.Rules;

/// <summary>
/// The fix for an expression error where one is known, in one place: the parser's own message
/// ("No property or field 'Origin' exists in type 'LeadFacts'") names the problem, not the way
/// out, and a new user's first rules hit the same few (a CRM column read as a property, an array
/// literal instead of a model list, a misremembered signals member).
/// </summary>
internal static partial class ExpressionHints
{
    // What a rule sees by the name it uses in an expression (README: "What a rule can use").
    private static readonly Dictionary<string, (Type Type, string Name)> Inputs = new[]
    {
        (typeof(LeadFacts), "lead"), (typeof(SignalSet), "signals"), (typeof(SignalFact), "each signal event"),
        (typeof(ModelLists), "lists"), (typeof(TierFacts), "card"), (typeof(ContactFacts), "card"), (typeof(AccountFacts), "account"),
    }.ToDictionary(t => t.Item1.Name, StringComparer.Ordinal);

    // A record's generated members are no vocabulary for a rule.
    private static readonly HashSet<string> ObjectMembers = ["Equals", "GetHashCode", "ToString", "Deconstruct"];

    /// <summary><paramref name="message"/> (a parse error or a guard problem in <paramref name="expression"/>) with its fix, when one is known.</summary>
    public static string WithHint(string message, string expression) =>
        For(message, expression) is { } hint ? $"{message}; {hint}" : message;

    /// <summary>The fix for <paramref name="message"/>, or null.</summary>
    public static string? For(string message, string expression)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(expression);
        var unknown = UnknownMember().Match(message);
        if (!unknown.Success || !Inputs.TryGetValue(unknown.Groups["type"].Value, out var input))
        {
            return ArrayHint(message, expression);
        }

        var member = unknown.Groups["member"].Value;
        var members = Members(input.Type);
        if (input.Type == typeof(LeadFacts) && unknown.Groups["kind"].Value == "property or field")
        {
            var column = SnakeCase(member);
            return $"did you mean lead.Attr(\"{column}\")? Any column of the lead reads as lead.Attr(\"column\") (text) or lead.Number(\"column\"); lead's own members are {string.Join(", ", members)}";
        }

        return $"{input.Name} has {string.Join(", ", members)}";
    }

    // Only for errors an array literal causes: the same expression may also misspell a signal type.
    private static string? ArrayHint(string message, string expression) =>
        (message.Contains("does not parse", StringComparison.Ordinal) || message.Contains("creates an array", StringComparison.Ordinal))
        && ArrayLiteral().IsMatch(expression)
            ? "rules cannot build arrays: put the values in a list under \"lists\" in model.json and test with lists.Contains(\"list_name\", value) (lists.ContainsAny for several values)"
            : null;

    /// <summary>The public members a rule may use on <paramref name="type"/>, as a reader writes them: <c>Count(type, withinDays)</c>, <c>Events</c>.</summary>
    private static string[] Members(Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(p => p.Name);
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && !ObjectMembers.Contains(m.Name) && !m.Name.StartsWith('<'))
            .Select(m => $"{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.Name))})");
        return properties.Concat(methods).Distinct(StringComparer.Ordinal).ToArray();
    }

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && !char.IsUpper(name[i - 1]))
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    // new[] {...}, new string[] {...}, or a bare {"a", "b"} (C#'s collection syntax, which the parser does not know).
    [GeneratedRegex("""new\s*[A-Za-z]*\s*\[\s*\]|(?:^|[^\w\]\)"])\s*\{\s*["\d]""")]
    private static partial Regex ArrayLiteral();

    [GeneratedRegex("""No (?<kind>property or field|applicable method) '(?<member>\w+)' exists in type '(?<type>\w+)'""")]
    private static partial Regex UnknownMember();
}
