using RuleScoring.Core.Leads;
using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Scores;

namespace RuleScoring.Storage.Leads;

/// <summary>A lead as stored: attributes and every signal, ready for <see cref="LeadScorer"/>.</summary>
/// <param name="LastSignalSeq">The highest signal sequence number read with it (0 without signals).</param>
public sealed record StoredLead(Lead Lead, DateTimeOffset? CreatedAt, long LastSignalSeq)
{
    /// <summary>
    /// This lead's card, with what the store needs to know when to score it again: the signals
    /// it has seen, and the first of its signals dated after the card's as-of time (it will
    /// count from then on, so the lead is due then).
    /// </summary>
    public ScoredLead With(ScoreCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        DateTimeOffset? pending = null;
        foreach (var signal in Lead.Signals)
        {
            if (signal.OccurredAt > card.AsOf && (pending is null || signal.OccurredAt < pending))
            {
                pending = signal.OccurredAt;
            }
        }

        return new ScoredLead(card, LastSignalSeq, pending);
    }
}
