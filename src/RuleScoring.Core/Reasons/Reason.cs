namespace RuleScoring.Core.Reasons;

/// <summary>
/// Why a card scores what it does: one fired rule, the points it gave after decay, the evidence
/// behind it (how many signals, how old the most recent) and its text for a sales rep.
/// </summary>
/// <remarks>
/// A reason the scorer gives (or a compact card decodes) holds its text as the rule's template and
/// the numbers it shows, and writes it the first time <see cref="Text"/> is read: a rescore stores
/// and compares cards without ever writing a text nobody reads (issue 19). The text read is the
/// same string either way; equality compares texts, without writing two made from the same
/// template and numbers.
/// </remarks>
public sealed record Reason(
    string Code,
    string Dimension,
    decimal Points,
    decimal FullPoints,
    decimal Multiplier,
    int EvidenceCount,
    int? EvidenceAgeDays,
    string Text,
    bool Disqualifier)
{
    // The text once written (or as given); null while it is still only its template and numbers.
    private string? _text = Text;
    private readonly DeferredText? _deferred;

    /// <summary>A reason whose text is <paramref name="template"/> filled with its count, age, points and <paramref name="topics"/>, written when first read.</summary>
    internal Reason(string code, string dimension, decimal points, decimal fullPoints, decimal multiplier, int evidenceCount, int? evidenceAgeDays,
        ReasonTemplate template, string[] topics, bool disqualifier)
        : this(code, dimension, points, fullPoints, multiplier, evidenceCount, evidenceAgeDays, null!, disqualifier)
    {
        // A template with no placeholder is its text, already a string; otherwise the template and
        // numbers are kept (the topics are the caller's, not changed after: the card keeps the same array in its times).
        if (template.Literal is { } literal)
        {
            _text = literal;
        }
        else
        {
            _deferred = new DeferredText(template, evidenceCount, evidenceAgeDays, points, topics);
        }
    }

    public string Text
    {
        get => _text ??= _deferred?.Render()!;
        init => _text = value;
    }

    /// <summary>
    /// When the most recent evidence happened, the decay multipliers of the evidence counted one by
    /// one (per event or per topic; null for a rule that counts once), the topics: what a weight-only change
    /// needs to give the card again later without reading the signals (<see cref="Scoring.LeadScorer.Reweigh"/>).
    /// Not part of the card's JSON; a compact card keeps it.
    /// </summary>
    internal EvidenceTimes? Times { get; init; }

    /// <summary>True when the text is still to be filled in from its template and numbers, or was filled in on a read (false for a text given whole, or a template with no placeholder).</summary>
    internal bool TextDeferred => _deferred is not null;

    /// <summary>True once a deferred text has been filled in (a read of <see cref="Text"/>).</summary>
    internal bool TextFilled => _deferred is not null && _text is not null;

    /// <summary>
    /// True when the text is <paramref name="template"/> filled with this reason's count, age and
    /// points and <paramref name="topics"/>: known without writing it when the reason was made
    /// from the same template and numbers.
    /// </summary>
    internal bool HasTextOf(ReasonTemplate template, ReadOnlySpan<string> topics)
    {
        if (_text is null && _deferred is { } d && d.Count == EvidenceCount && d.AgeDays == EvidenceAgeDays && d.Points == Points
            && d.Template.SameAs(template))
        {
            return topics.SequenceEqual(d.Topics);
        }

        return string.Equals(Text, template.Render(EvidenceCount, EvidenceAgeDays, Points, topics), StringComparison.Ordinal);
    }

    /// <summary>The same text as <paramref name="other"/>'s, without writing either when both come from the same template and numbers.</summary>
    internal bool SameText(Reason other)
    {
        if (_text is null && other._text is null && _deferred is { } a && other._deferred is { } b
            && a.Count == b.Count && a.AgeDays == b.AgeDays && a.Points == b.Points && a.Template.SameAs(b.Template))
        {
            return a.Topics.AsSpan().SequenceEqual(b.Topics);
        }

        return string.Equals(Text, other.Text, StringComparison.Ordinal);
    }

    public bool Equals(Reason? other) =>
        ReferenceEquals(this, other)
        || (other is not null && string.Equals(Code, other.Code, StringComparison.Ordinal) && string.Equals(Dimension, other.Dimension, StringComparison.Ordinal)
            && Points == other.Points && FullPoints == other.FullPoints && Multiplier == other.Multiplier && EvidenceCount == other.EvidenceCount
            && EvidenceAgeDays == other.EvidenceAgeDays && Disqualifier == other.Disqualifier && SameText(other)
            && EqualityComparer<EvidenceTimes?>.Default.Equals(Times, other.Times));

    public override int GetHashCode() =>
        HashCode.Combine(Code, Dimension, Points, FullPoints, Multiplier, EvidenceCount, EvidenceAgeDays, HashCode.Combine(Text, Disqualifier, Times));

    /// <summary>A text not yet written: the template and the numbers it shows, as they were when the reason was made.</summary>
    private sealed class DeferredText(ReasonTemplate template, int count, int? ageDays, decimal points, string[] topics)
    {
        public ReasonTemplate Template { get; } = template;
        public int Count { get; } = count;
        public int? AgeDays { get; } = ageDays;
        public decimal Points { get; } = points;
        public string[] Topics { get; } = topics;

        public string Render() => Template.Render(Count, AgeDays, Points, Topics);
    }
}

/// <param name="LatestAt">The most recent evidence's time (null: none, or not to the whole second, so not kept).</param>
/// <param name="CountedMultipliers">Each counted event's decay multiplier, in evidence order, when one is not 1 (null: a rule that counts once, or every one 1); they stay until the card's next change.</param>
/// <param name="Topics">The topics the text lists, when its template lists them.</param>
internal sealed record EvidenceTimes(DateTimeOffset? LatestAt, decimal[]? CountedMultipliers, string[]? Topics);
