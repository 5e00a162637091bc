using System.Globalization;
using System.Runtime.CompilerServices;

namespace RuleScoring.Core.Reasons;

/// <summary>
/// A rule's reason template parsed once per rule set: the literal text between placeholders and
/// which placeholder comes next, so a fired rule's text is written in one pass. The text is the
/// one four Replace calls in a row ({count}, {age}, {points}, {topics}) would give, as reasons
/// were first filled (the tests keep that as the specification): a placeholder is "{" + name + "}"
/// with no brace inside, so two never overlap and a value filled in (digits, an age, topics last)
/// cannot make a new one the later calls would replace.
/// </summary>
internal sealed class ReasonTemplate
{
    private static readonly string[] Names = ["{count}", "{age}", "{points}", "{topics}"];
    private readonly string _template;
    // Literal i runs from _starts[i] for _lengths[i] characters and is followed by placeholder
    // _holes[i] (an index into Names), except the last, which ends the text.
    private readonly int[] _starts;
    private readonly int[] _lengths;
    private readonly Hole[] _holes;

    private ReasonTemplate(string template, int[] starts, int[] lengths, Hole[] holes)
    {
        _template = template;
        _starts = starts;
        _lengths = lengths;
        _holes = holes;
    }

    private enum Hole
    {
        Count,
        Age,
        Points,
        Topics,
    }

    /// <summary>True when the text lists topics, so the caller only gathers them then.</summary>
    public bool UsesTopics => Array.IndexOf(_holes, Hole.Topics) >= 0;

    /// <summary>True when the text shows the evidence's age or the points, which a weight-only change or a later as-of moves.</summary>
    public bool UsesAgeOrPoints => Array.IndexOf(_holes, Hole.Age) >= 0 || Array.IndexOf(_holes, Hole.Points) >= 0;

    /// <summary>The text itself when the template has no placeholder (most fit reasons): nothing to fill, so nothing to put off.</summary>
    public string? Literal => _holes.Length == 0 ? _template : null;

    /// <summary>True when both were parsed from the same template text (so fill alike).</summary>
    public bool SameAs(ReasonTemplate other) => ReferenceEquals(this, other) || string.Equals(_template, other._template, StringComparison.Ordinal);

    public static ReasonTemplate Parse(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var starts = new List<int>();
        var lengths = new List<int>();
        var holes = new List<Hole>();
        var literalStart = 0;
        var i = template.IndexOf('{', StringComparison.Ordinal);
        while (i >= 0)
        {
            var hole = -1;
            for (var h = 0; h < Names.Length; h++)
            {
                if (template.AsSpan(i).StartsWith(Names[h], StringComparison.Ordinal))
                {
                    hole = h;
                    break;
                }
            }

            if (hole < 0)
            {
                i = template.IndexOf('{', i + 1);
                continue;
            }

            starts.Add(literalStart);
            lengths.Add(i - literalStart);
            holes.Add((Hole)hole);
            literalStart = i + Names[hole].Length;
            i = template.IndexOf('{', literalStart);
        }

        starts.Add(literalStart);
        lengths.Add(template.Length - literalStart);
        return new ReasonTemplate(template, [.. starts], [.. lengths], [.. holes]);
    }

    /// <summary>The text for one fired rule; <paramref name="topics"/> are already distinct and non-empty, in order.</summary>
    public string Render(int count, int? ageDays, decimal points, ReadOnlySpan<string> topics)
    {
        if (_holes.Length == 0)
        {
            return _template;
        }

        // One pass into a stack buffer (pooled if a text outgrows it); the string is the only allocation.
        var text = new DefaultInterpolatedStringHandler(_template.Length, _holes.Length, CultureInfo.InvariantCulture, stackalloc char[256]);
        var literal = _template.AsSpan();
        for (var i = 0; i < _holes.Length; i++)
        {
            text.AppendFormatted(literal.Slice(_starts[i], _lengths[i]));
            switch (_holes[i])
            {
                case Hole.Count:
                    text.AppendFormatted(count);
                    break;
                case Hole.Age:
                    AppendAge(ref text, ageDays);
                    break;
                case Hole.Points:
                    AppendPoints(ref text, points);
                    break;
                default:
                    for (var t = 0; t < topics.Length; t++)
                    {
                        if (t > 0)
                        {
                            text.AppendLiteral(", ");
                        }

                        text.AppendFormatted(topics[t].AsSpan());
                    }

                    break;
            }
        }

        var last = _holes.Length;
        text.AppendFormatted(literal.Slice(_starts[last], _lengths[last]));
        return text.ToStringAndClear();
    }

    /// <summary>"no date", "today", "yesterday" or "N days ago", written in place.</summary>
    private static void AppendAge(ref DefaultInterpolatedStringHandler text, int? ageDays)
    {
        switch (ageDays)
        {
            case null:
                text.AppendLiteral("no date");
                break;
            case 0:
                text.AppendLiteral("today");
                break;
            case 1:
                text.AppendLiteral("yesterday");
                break;
            case { } days:
                text.AppendFormatted(days);
                text.AppendLiteral(" days ago");
                break;
        }
    }

    /// <summary>
    /// <c>points.ToString("0.##", InvariantCulture)</c>. Points on a card are rounded to cents
    /// (see LeadScorer.Apply), so the usual case is a whole number of cents written digit by
    /// digit; anything else (and zero, whose sign the format may keep) goes through the format as before.
    /// </summary>
    private static void AppendPoints(ref DefaultInterpolatedStringHandler text, decimal points)
    {
        if (points == 0 || points.Scale > 2 || points > MaxDirect || points < -MaxDirect)
        {
            text.AppendFormatted(points, "0.##");
            return;
        }

        var cents = (long)(points * 100);
        if (cents < 0)
        {
            text.AppendLiteral("-");
            cents = -cents;
        }

        text.AppendFormatted(cents / 100);
        var fraction = (int)(cents % 100);
        if (fraction != 0)
        {
            Span<char> digits = ['.', (char)('0' + fraction / 10), (char)('0' + fraction % 10)];
            text.AppendFormatted(fraction % 10 != 0 ? digits : digits[..2]);
        }
    }

    private const decimal MaxDirect = 1_000_000_000_000m;
}
