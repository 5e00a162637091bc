using System.Text.Json;
using System.Text.RegularExpressions;

namespace RuleScoring.Core.Rules;

/// <summary>System.Text.Json's messages, reworded for the people who edit rule files: no .NET type names.</summary>
internal static partial class JsonErrorText
{
    public static string Friendly(JsonException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        message = Unmapped().Replace(message, "unknown property '$1'.");
        message = Missing().Replace(message, "missing required property ");
        message = WrongType().Replace(message, m => $"a value has the wrong type or is out of range (expected {Expected(m.Groups[1].Value)}).");
        var path = ex.Path is { Length: > 1 } p ? $" (at {p})" : "";
        return message.TrimEnd() + path;
    }

    private static string Expected(string type) => type switch
    {
        "System.Decimal" or "System.Int32" or "System.Int64" or "System.Double" => "a number",
        "System.Boolean" => "true or false",
        "System.String" => "text",
        "System.String[]" => "a list of text",
        _ when type.StartsWith("System.Collections.Generic.Dictionary", StringComparison.Ordinal) => "an object",
        _ when type.StartsWith("System.Nullable`1[[System.Int32", StringComparison.Ordinal) || type.StartsWith("System.Nullable`1[[System.Decimal", StringComparison.Ordinal) => "a number",
        _ when type.StartsWith("System.Nullable`1[[System.Boolean", StringComparison.Ordinal) => "true or false",
        _ => "another kind of value",
    };

    [GeneratedRegex(@"The JSON property '([^']*)' could not be mapped to any \.NET member contained in type '[^']*'\.")]
    private static partial Regex Unmapped();

    [GeneratedRegex(@"JSON deserialization for type '[^']*' was missing required properties including: ")]
    private static partial Regex Missing();

    // The type name has dots of its own: the sentence ends at the last ". " (or the end).
    [GeneratedRegex(@"The JSON value could not be converted to (\S+)\.(?=\s|$)")]
    private static partial Regex WrongType();
}
