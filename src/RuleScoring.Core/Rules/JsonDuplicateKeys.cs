using System.Text.Json;

namespace RuleScoring.Core.Rules;

/// <summary>
/// The first key written twice in one JSON object, found by the walk the rules loader uses:
/// System.Text.Json keeps the last one where a reader of the text sees the first, so anything
/// taking JSON from outside refuses the text instead of guessing.
/// </summary>
public static class JsonDuplicateKeys
{
    /// <summary>The first repeated key's 1-based line and path (e.g. <c>[2].type</c>), or null; text that is not JSON is left to the parser to describe.</summary>
    public static (int Line, string Path)? First(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var repeated = JsonNulls.FindRepeated(json);
            return repeated.Count == 0 ? null : repeated[0];
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
