using RuleScoring.Core.Scoring;

namespace RuleScoring.Storage.Scores;

/// <summary>A card to store, with what the worker needs to find the lead again.</summary>
/// <param name="SignalSeq">The highest signal sequence number the card saw (see <see cref="Leads.StoredLead.LastSignalSeq"/>).</param>
/// <param name="PendingSignalAt">The first stored signal dated after the card's as-of time, if any.</param>
public sealed record ScoredLead(ScoreCard Card, long SignalSeq = 0, DateTimeOffset? PendingSignalAt = null)
{
    /// <summary>When this lead's score next changes with no new signal: decay, a window, or a pending signal.</summary>
    public DateTimeOffset? DueAt => (Card.NextChangeAt, PendingSignalAt) switch
    {
        ({ } a, { } b) => a < b ? a : b,
        ({ } a, null) => a,
        (null, var b) => b,
    };

    /// <summary>
    /// The card's fingerprint and card-column text, worked out on the scoring thread that made it
    /// (<see cref="CardEncoding"/>) so the single writer does not; null: the writer works them out.
    /// </summary>
    internal PreparedCard? Prepared { get; init; }

    /// <summary>The lead's account classification as scores_current.contact keeps it (<see cref="Accounts.StoredContact"/>), or null: none kept.</summary>
    internal string? Contact { get; init; }
}

/// <summary>A card's fingerprint (<see cref="ScoreStore.ScoreFingerprint"/>) and its card-column text, compact against <paramref name="TemplateId"/> (null: whole).</summary>
internal sealed record PreparedCard(string Sha, string Stored, long? TemplateId);
