using RuleScoring.Core.Scoring;

namespace RuleScoring.Core.Reasons;

/// <summary>
/// "Why now": the strongest reasons on a card, the ones a rep reads first. Positive points only,
/// largest first, ties by code (so the same card always gives the same line). One selection for
/// every place that carries it: webhook payloads, the CRM export.
/// </summary>
public static class WhyNow
{
    /// <summary>How many reasons a one-line "why now" carries unless a caller says otherwise.</summary>
    public const int DefaultCount = 3;

    public static IReadOnlyList<Reason> Top(ScoreCard card, int count = DefaultCount)
    {
        ArgumentNullException.ThrowIfNull(card);
        return card.Reasons.Where(r => r.Points > 0)
            .OrderByDescending(r => r.Points).ThenBy(r => r.Code, StringComparer.Ordinal)
            .Take(count).ToArray();
    }

    /// <summary>The top reasons' texts as one line, joined by "; " (empty when nothing scored).</summary>
    public static string Line(ScoreCard card, int count = DefaultCount) => string.Join("; ", Top(card, count).Select(r => r.Text));
}
