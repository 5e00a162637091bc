using System.Buffers;

namespace RuleScoring.Core.Leads;

/// <summary>
/// Text as rules compare it: trimmed and lower-cased (signal types, topics and sources, list
/// entries, attribute values). Most of it arrives that way already: one vectorised look tells, and
/// only the rest is trimmed and lower-cased.
/// </summary>
internal static class NormalText
{
    // Every ASCII character but the capitals: the ones ToLowerInvariant leaves as they are.
    private static readonly SearchValues<char> NormalChars = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 128).Select(c => (char)c).Where(c => !char.IsAsciiLetterUpper(c))));

    /// <summary><c>text.Trim().ToLowerInvariant()</c>, without the work when it would change nothing.</summary>
    public static string Of(string text) => IsNormal(text) ? text : text.Trim().ToLowerInvariant();

    /// <summary>True when Trim().ToLowerInvariant() would give the same text: ASCII with no capital, nothing to trim.</summary>
    public static bool IsNormal(string text) =>
        text.Length == 0
        || (!char.IsWhiteSpace(text[0]) && !char.IsWhiteSpace(text[^1]) && !text.AsSpan().ContainsAnyExcept(NormalChars));
}
