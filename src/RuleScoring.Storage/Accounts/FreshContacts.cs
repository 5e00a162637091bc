using System.Collections.Concurrent;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;

namespace RuleScoring.Storage.Accounts;

/// <summary>
/// Contacts classified for their accounts from the lead and card a batch just stored, while both
/// were in memory: the account roll-up takes them instead of reading each lead's signals and
/// parsing its card again. One is taken only while the lead's current card is still the one it
/// was classified from (same as-of time and fingerprint); otherwise the roll-up reads the lead.
/// Thread-safe: batches classify on the scoring threads.
/// </summary>
public sealed class FreshContacts(AccountScorer scorer)
{
    private readonly ConcurrentDictionary<string, Entry> _contacts = new(StringComparer.Ordinal);

    public AccountScorer Scorer { get; } = scorer;

    public int Count => _contacts.Count;

    /// <summary>Classifies the lead from its card; call <see cref="Add"/> once the card is stored.</summary>
    public Entry Classify(Lead lead, ScoredLead scored)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(scored);
        return new Entry(Scorer.Contact(lead, AsStored(scored.Card)), scored.Card.AsOf.UtcTicks, ShaPrefix(scored.Prepared?.Sha ?? ScoreStore.ScoreFingerprint(scored.Card)));
    }

    /// <summary>
    /// The card as the roll-up reads it back, in what a contact takes from it: the stored JSON keeps
    /// whole seconds and writes numbers without trailing zeros (40.0 is read back as 40, and an
    /// account card lists its contacts' points as read). The roll-up equivalence tests hold this
    /// to the stored card; a change to how cards are stored must keep them passing.
    /// </summary>
    private static ScoreCard AsStored(ScoreCard card)
    {
        var ticks = card.AsOf.UtcTicks;
        return card with
        {
            AsOf = new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero),
            Dimensions = [.. card.Dimensions.Select(d => d with { Raw = Plain(d.Raw), Score = Plain(d.Score), Cap = Plain(d.Cap), Weight = Plain(d.Weight) })],
            Composite = Plain(card.Composite),
        };
    }

    // As ScoreCardJson writes a number: the same value at the smallest scale.
    private static decimal Plain(decimal value) => value / 1.0000000000000000000000000000m;

    /// <summary>Records contacts whose cards are now stored (committed).</summary>
    public void Add(IEnumerable<Entry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            _contacts[entry.Contact.LeadId] = entry;
        }
    }

    /// <summary>The contact, when it was classified from the card stored now (<paramref name="asOf"/> and <paramref name="cardSha"/> of scores_current).</summary>
    internal bool TryGet(string leadId, string? asOf, string? cardSha, out AccountContact contact)
    {
        if (asOf is not null && cardSha is not null && _contacts.TryGetValue(leadId, out var entry)
            && entry.AsOfTicks == SqlTimestamp.Parse(asOf).UtcTicks && entry.ShaPrefix == ShaPrefix(cardSha))
        {
            contact = entry.Contact;
            return true;
        }

        contact = null!;
        return false;
    }

    // Enough of the fingerprint to tell a replaced card, in 8 bytes instead of a 64-character string per lead.
    private static long ShaPrefix(string sha) => long.Parse(sha.AsSpan(0, 16), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A classified contact and the stored card it came from (its as-of time and fingerprint).</summary>
    public sealed record Entry(AccountContact Contact, long AsOfTicks, long ShaPrefix);
}
