using System.Globalization;
using System.Text.Json;

namespace RuleScoring.Core.Governance;

/// <summary>
/// Where two JSON values differ, property by property: each difference with its path (segments:
/// property names and <c>[i]</c> indices) and the value on each side (absent: null). Arrays of
/// the same length are compared item by item; an array that grew or shrank differs as a whole.
/// </summary>
internal static class ContentDelta
{
    public sealed record Difference(IReadOnlyList<string> Path, string? Before, string? After)
    {
        /// <summary><c>dimensions.fit.description</c>, <c>accounts.roles[1].label</c>.</summary>
        public string Display => Join(Path);
    }

    public static string Join(IEnumerable<string> path) =>
        string.Concat(path.Select((segment, i) => i == 0 || segment.StartsWith('[') ? segment : "." + segment));

    public static List<Difference> Between(JsonElement? before, JsonElement? after, IReadOnlyList<string>? at = null)
    {
        var found = new List<Difference>();
        Walk(before, after, at ?? [], found);
        return found;
    }

    /// <summary>A value as a change shows it: a string's text, anything else as compact JSON; null when absent.</summary>
    public static string? Show(JsonElement? value) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { } other => other.GetRawText(),
    };

    private static void Walk(JsonElement? before, JsonElement? after, IReadOnlyList<string> path, List<Difference> found)
    {
        if (before is { ValueKind: JsonValueKind.Object } a && after is { ValueKind: JsonValueKind.Object } b)
        {
            var names = a.EnumerateObject().Select(p => p.Name)
                .Concat(b.EnumerateObject().Select(p => p.Name))
                .Distinct(StringComparer.Ordinal);
            foreach (var name in names)
            {
                Walk(Property(a, name), Property(b, name), [.. path, name], found);
            }

            return;
        }

        if (before is { ValueKind: JsonValueKind.Array } x && after is { ValueKind: JsonValueKind.Array } y && x.GetArrayLength() == y.GetArrayLength())
        {
            for (var i = 0; i < x.GetArrayLength(); i++)
            {
                Walk(x[i], y[i], [.. path, "[" + i.ToString(CultureInfo.InvariantCulture) + "]"], found);
            }

            return;
        }

        if (!Same(before, after))
        {
            found.Add(new Difference(path, Show(before), Show(after)));
        }
    }

    public static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    private static bool Same(JsonElement? before, JsonElement? after) =>
        (before, after) switch
        {
            (null, null) => true,
            ({ } a, { } b) => a.ValueKind == b.ValueKind && string.Equals(a.GetRawText(), b.GetRawText(), StringComparison.Ordinal),
            _ => false,
        };
}
