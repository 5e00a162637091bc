using RuleScoring.Core.Leads;

namespace RuleScoring.Core.Rules;

/// <summary>
/// What a rule sees as <c>lists</c>: the named value lists of model.json (served countries,
/// competitor domains, target industries...), so that an ops person edits a list rather than
/// an expression. Matching ignores case. An unknown list name is caught when the rules load.
/// </summary>
public sealed class ModelLists
{
    private readonly Dictionary<string, HashSet<string>> _lists;
    private readonly Dictionary<string, string[]> _wordForms;

    internal ModelLists(IReadOnlyDictionary<string, string[]> lists)
    {
        _lists = lists.ToDictionary(
            l => l.Key,
            l => l.Value.Select(v => Normalise(v)).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        _wordForms = lists.ToDictionary(l => l.Key, l => l.Value.Select(WordForm).ToArray(), StringComparer.Ordinal);
        Entries = lists.ToDictionary(l => l.Key, l => (IReadOnlyList<string>)[.. l.Value], StringComparer.Ordinal);
    }

    /// <summary>Each list's entries as model.json writes them (for diffs and reports; matching uses the normalised form).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Entries { get; }

    internal IReadOnlyCollection<string> Names => _lists.Keys;

    /// <summary>The value is one of the list's entries.</summary>
    public bool Contains(string list, string value) => Get(list).Contains(Normalise(value));

    /// <summary>At least one of the values is in the list (e.g. a lead's tech stack against partner tools).</summary>
    public bool ContainsAny(string list, IEnumerable<string> values)
    {
        var entries = Get(list);
        if (values is IReadOnlyList<string> items)
        {
            // A lead's tech stack on every score: by index (each read charged to the budget as the
            // enumerator would), not through a closure and an enumerator allocated per call.
            for (var i = 0; i < items.Count; i++)
            {
                if (entries.Contains(Normalise(items[i])))
                {
                    return true;
                }
            }

            return false;
        }

        return values.Any(v => entries.Contains(Normalise(v)));
    }

    /// <summary>
    /// A domain is an entry or a subdomain of one: "edu" matches "mit.edu", "ac.uk" matches
    /// "ox.ac.uk", "rival.com" matches "eu.rival.com" but not "notrival.com".
    /// </summary>
    public bool EndsWith(string list, string domain)
    {
        var value = Normalise(domain);
        if (value.Length == 0)
        {
            return false;
        }

        foreach (var entry in Get(list))
        {
            if (value == entry || (value.Length > entry.Length && value.EndsWith(entry, StringComparison.Ordinal) && value[^(entry.Length + 1)] == '.'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The text mentions an entry as whole words: "vp" matches "VP, Marketing" and "head of"
    /// matches "Head of Sales", but "cto" does not match "Director".
    /// </summary>
    public bool Mentions(string list, string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var entries = _wordForms.TryGetValue(list, out var forms) ? forms : throw new KeyNotFoundException($"No list named '{list}' in model.json");

        // Rules ask this of one text several times a lead (a title against executive, director,
        // manager and student titles): its word form is kept for the next ask of the same string.
        if (!ReferenceEquals(text, t_lastText))
        {
            t_lastWords = text.Length > MaxStackText ? WordForm(text) : StackWordForm(text);
            t_lastText = text;
        }

        return MentionsIn(t_lastWords!, entries);

        static string StackWordForm(string text)
        {
            // Titles are short: lower-cased and split on the stack, one string for the result.
            Span<char> lowered = stackalloc char[text.Length];
            text.AsSpan().ToLowerInvariant(lowered);
            Span<char> words = stackalloc char[text.Length + 2];
            return new string(WordForm(lowered, words));
        }
    }

    // The last text Mentions was asked about on this thread, and its word form.
    [ThreadStatic]
    private static string? t_lastText;
    [ThreadStatic]
    private static string? t_lastWords;

    private const int MaxStackText = 256;

    private static bool MentionsIn(ReadOnlySpan<char> words, string[] entries)
    {
        foreach (var entry in entries)
        {
            if (words.Contains(entry, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly char[] NonWord = [.. Enumerable.Range(0, 128).Select(i => (char)i).Where(c => !char.IsLetterOrDigit(c))];

    /// <summary>Lower case, words split on ASCII non-letters and non-digits, joined by one space, a space either side: " head of sales ".</summary>
    internal static string WordForm(string text) =>
        " " + string.Join(' ', text.ToLowerInvariant().Split(NonWord, StringSplitOptions.RemoveEmptyEntries)) + " ";

    /// <summary><see cref="WordForm(string)"/> of already lower-cased text, written into <paramref name="buffer"/> (text length + 2).</summary>
    private static ReadOnlySpan<char> WordForm(ReadOnlySpan<char> lowered, Span<char> buffer)
    {
        buffer[0] = ' ';
        var length = 1;
        var inWord = false;
        foreach (var c in lowered)
        {
            if (c < 128 && !char.IsAsciiLetterOrDigit(c))
            {
                if (inWord)
                {
                    buffer[length++] = ' ';
                    inWord = false;
                }
            }
            else
            {
                buffer[length++] = c;
                inWord = true;
            }
        }

        if (inWord)
        {
            buffer[length++] = ' ';
        }
        else if (length == 1)
        {
            // No words at all: the string form is "  " (a space either side of nothing).
            buffer[length++] = ' ';
        }

        return buffer[..length];
    }

    private HashSet<string> Get(string list) =>
        _lists.TryGetValue(list, out var entries)
            ? entries
            : throw new KeyNotFoundException($"No list named '{list}' in model.json");

    private static string Normalise(string? value) => value is null ? "" : NormalText.Of(value);
}
