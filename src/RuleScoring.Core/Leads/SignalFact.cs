using System.Buffers;

namespace RuleScoring.Core.Leads;

/// <summary>One signal as a rule sees it: its age is measured from the as-of time of the score.</summary>
public sealed class SignalFact
{
    internal SignalFact(Signal signal, int ageDays)
    {
        Type = Normalise(signal.Type);
        OccurredAt = signal.OccurredAt;
        AgeDays = ageDays;
        Topic = signal.Topic is { } topic ? Normalise(topic) : "";
        Value = signal.Value ?? 0;
        Source = signal.Source is { } source ? Normalise(source) : "";
    }

    public string Type { get; }
    public DateTimeOffset OccurredAt { get; }
    /// <summary>Whole days between the signal and the as-of time (a signal 30.9 days old is 30 days old).</summary>
    public int AgeDays { get; }
    public string Topic { get; }
    public double Value { get; }
    public string Source { get; }

    /// <summary>
    /// Trimmed and lower-cased. Signals mostly arrive (or are stored) that way already: one
    /// vectorised look tells, and only the others are trimmed and lower-cased.
    /// </summary>
    internal static string Normalise(string text) => IsNormal(text) ? text : text.Trim().ToLowerInvariant();

    /// <summary>True when Trim().ToLowerInvariant() would give the same text: ASCII with no capital, nothing to trim.</summary>
    internal static bool IsNormal(string text) =>
        text.Length == 0
        || (!char.IsWhiteSpace(text[0]) && !char.IsWhiteSpace(text[^1]) && !text.AsSpan().ContainsAnyExcept(NormalChars));

    // Every ASCII character but the capitals: the ones ToLowerInvariant leaves as they are.
    private static readonly SearchValues<char> NormalChars = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 128).Select(c => (char)c).Where(c => !char.IsAsciiLetterUpper(c))));
}
