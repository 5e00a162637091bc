using RuleScoring.Core.Scoring;

namespace RuleScoring.Storage.Scores;

/// <summary>A lead's current card as stored, with what a weight-only rescore needs to store it again (<see cref="ScoreStore.CurrentBeforeNextChange"/>).</summary>
/// <param name="Template">The template the card was written with: its rule set's evidence signature says whether the new rules differ only in weights.</param>
/// <param name="SignalSeq">The highest signal sequence number the card saw.</param>
/// <param name="PendingSignalAt">The first stored signal dated after the card's as-of, if the store knew of one.</param>
public sealed record CarriedCard(ScoreCard Card, CardTemplate Template, long SignalSeq, DateTimeOffset? PendingSignalAt)
{
    /// <summary>The card the new rules give from this one's reasons as of <paramref name="asOf"/>, ready to store, or null when they cannot (score the lead in full).</summary>
    public ScoredLead? Reweigh(LeadScorer scorer, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        return scorer.Reweigh(Card, Template, asOf) is { } card ? new ScoredLead(card, SignalSeq, PendingSignalAt) : null;
    }
}
