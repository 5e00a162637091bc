using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Leads;

namespace RuleScoring.Storage.Scores;

/// <summary>
/// What the writer would do to each card before storing it (its fingerprint, and its compact or
/// whole text against the rule set's stored template), done where the card is made: on the
/// scoring threads, beside the lead's scoring, instead of on the one thread that writes every
/// batch. Thread-safe. The writer takes a prepared card only when it names the template the
/// writer would have used; otherwise it works the card out again, so a stale preparation costs
/// time, never a wrong row.
/// </summary>
public sealed class CardEncoding
{
    private readonly StoredTemplate? _template;
    private readonly bool _keepsContacts;

    private CardEncoding(StoredTemplate? template, bool keepsContacts)
    {
        _template = template;
        _keepsContacts = keepsContacts;
    }

    /// <summary>
    /// For cards of <paramref name="template"/>'s rule set, whose id must be known before the first
    /// batch: a template stored before is read (no write lock); otherwise it is stored now, in a
    /// transaction of its own (idempotent), and a rescore that fails later leaves it stored, which
    /// the next run would store anyway. Once this store has found it, no statement runs. Call it
    /// before opening a transaction of your own.
    /// </summary>
    public static CardEncoding For(Database.ScoreDatabase db, CardTemplate? template)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (template is null || !db.Scores.WriteCompact)
        {
            return new CardEncoding(null, db.KeepsContacts);
        }

        return new CardEncoding(db.Cards.Committed(template), db.KeepsContacts);
    }

    /// <summary>
    /// Scores <paramref name="leads"/> on the pool's threads, each card prepared (<see cref="Prepare"/>)
    /// and, with <paramref name="contacts"/>, the lead placed in its account and classified from what
    /// its card was just scored from: the step a rescore's page and a worker's batch share.
    /// </summary>
    /// <returns>The cards in the leads' order, and each lead's entry (empty without <paramref name="contacts"/>).</returns>
    public (ScoredLead[] Cards, Accounts.FreshContacts.Entry?[] Contacts) ScoreAll(LeadScorer scorer, IReadOnlyList<StoredLead> leads, DateTimeOffset asOf,
        Accounts.FreshContacts? contacts)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(leads);
        var cards = new ScoredLead[leads.Count];
        var classified = new Accounts.FreshContacts.Entry?[contacts is null ? 0 : leads.Count];
        // LeadScorer and AccountScorer are thread-safe; the caller stores on its own thread.
        Parallel.For(0, leads.Count, i =>
        {
            cards[i] = Prepare(leads[i].With(scorer.Score(leads[i].Lead, asOf, out var scoredFrom)));
            if (contacts is not null)
            {
                var entry = contacts.Classify(leads[i].Lead, cards[i], scoredFrom);
                classified[i] = entry;
                if (_keepsContacts && Accounts.StoredContact.Encode(entry) is { } kept)
                {
                    cards[i] = cards[i] with { Contact = kept };
                }
            }
        });
        return (cards, classified);
    }

    /// <summary>The card with its fingerprint and card-column text worked out (on the calling thread).</summary>
    public ScoredLead Prepare(ScoredLead scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var card = scored.Card;
        var compact = _template is { } t && t.Template.Rules == card.Rules ? t.Template.Encode(card, t.Id) : null;
        return scored with
        {
            Prepared = new PreparedCard(ScoreStore.ScoreFingerprint(card), compact ?? ScoreCardJson.Serialize(card), compact is null ? null : _template!.Id),
        };
    }
}
