using RuleScoring.Core.Scoring;

namespace RuleScoring.Core.Routing;

/// <summary>plays.json, in file order.</summary>
public sealed class PlayBook(IReadOnlyList<Play> plays)
{
    public const string File = "plays.json";

    public IReadOnlyList<Play> Plays { get; } = plays;

    /// <summary>
    /// The play for a card: its reasons from the strongest down (points, then code), the first play
    /// naming one of them for the card's tier; else the first play for the tier that names no reason.
    /// Null when none fits (a tier nobody wrote a play for).
    /// </summary>
    public PlayChoice? Choose(ScoreCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var tier = card.Tier?.Tier;
        bool ForTier(Play p) => p.Tiers.Count == 0 || (tier is not null && p.Tiers.Contains(tier, StringComparer.Ordinal));
        foreach (var reason in card.Reasons.Where(r => r.Points > 0).OrderByDescending(r => r.Points).ThenBy(r => r.Code, StringComparer.Ordinal))
        {
            var play = Plays.FirstOrDefault(p => ForTier(p) && p.Reasons.Contains(reason.Code, StringComparer.Ordinal));
            if (play is not null)
            {
                return new PlayChoice(play, reason.Code);
            }
        }

        return Plays.FirstOrDefault(p => p.Reasons.Count == 0 && ForTier(p)) is { } fallback ? new PlayChoice(fallback, null) : null;
    }
}
