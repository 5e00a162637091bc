using System.Collections.Concurrent;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;

namespace RuleScoring.Storage.Accounts;

/// <summary>
/// Leads placed in their accounts and classified as contacts from the lead and card a batch just
/// stored, while both were in memory: the account roll-up takes them instead of reading each
/// lead's attributes and signals and parsing its card again. One is taken only while the lead's
/// current card is still the one it was classified from (same as-of time and fingerprint);
/// otherwise the roll-up reads the lead. Thread-safe: batches classify on the scoring threads.
/// </summary>
/// <remarks>
/// A whole rescore on SQLite goes further (<see cref="Begin"/>, <see cref="Seal"/>): when no other
/// connection committed while it ran, and this one has changed no row since, every lead it read is
/// as stored, so the roll-up takes each lead's account from here and its contact without looking
/// its current card up (at 1M leads those two reads took 16 of the roll-up's 31 s).
/// </remarks>
public sealed class FreshContacts(AccountScorer scorer)
{
    private readonly ConcurrentDictionary<string, Entry> _leads = new(StringComparer.Ordinal);
    // One string per account, not per lead (880,000 keys of 305,666 accounts at 1M leads).
    private readonly ConcurrentDictionary<string, string> _keys = new(StringComparer.Ordinal);
    private ScoreDatabase? _sealedOn;
    private ScoreDatabase.StateMark? _startMark;
    private ScoreDatabase.StateMark? _sealMark;

    public AccountScorer Scorer { get; } = scorer;

    /// <summary>Leads held, in an account or not.</summary>
    public int Count => _leads.Count;

    /// <summary>
    /// Places the lead in its account (or in none) and classifies it from its card; call
    /// <see cref="Add"/> once the card is stored.
    /// </summary>
    /// <param name="scoredFrom">What the card was scored from on this thread, when at hand (see <see cref="AccountScorer.Contact"/>).</param>
    public Entry Classify(Lead lead, ScoredLead scored, ScoringInputs? scoredFrom = null)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(scored);
        if (Scorer.KeyOf(lead) is not { } key)
        {
            return new Entry(lead.LeadId, null, null, 0, 0);
        }

        return new Entry(lead.LeadId, _keys.GetOrAdd(key, key), Scorer.Contact(lead, AsStored(scored.Card), scoredFrom), scored.Card.AsOf.UtcTicks,
            ShaPrefix(scored.Prepared?.Sha ?? ScoreStore.ScoreFingerprint(scored.Card)));
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
            Dimensions = [.. card.Dimensions.Select(d => d with { Raw = PlainDecimal.Of(d.Raw), Score = PlainDecimal.Of(d.Score), Cap = PlainDecimal.Of(d.Cap), Weight = PlainDecimal.Of(d.Weight) })],
            Composite = PlainDecimal.Of(card.Composite),
        };
    }

    /// <summary>Records leads whose cards are now stored (committed).</summary>
    public void Add(IEnumerable<Entry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            _leads[entry.LeadId] = entry;
        }
    }

    /// <summary>
    /// A rescore of every lead begins on <paramref name="db"/>: forgets what an earlier one left and
    /// notes where the database stands, before the first lead is read.
    /// </summary>
    internal void Begin(ScoreDatabase db)
    {
        _leads.Clear();
        _keys.Clear();
        _sealedOn = null;
        _sealMark = null;
        _startMark = db.Mark();
    }

    /// <summary>
    /// The rescore begun with <see cref="Begin"/> has stored every lead it read: when no other
    /// connection committed meanwhile, this holds every lead it read as stored now.
    /// </summary>
    internal void Seal(ScoreDatabase db)
    {
        var now = db.Mark();
        if (_startMark is { } start && now is { } mark && mark.DataVersion == start.DataVersion)
        {
            _sealedOn = db;
            _sealMark = mark;
        }
    }

    /// <summary>
    /// Whether every lead held is as stored now: sealed on this database, and since then no other
    /// connection has committed and this one has changed no row (but what <see cref="Renew"/> was told of).
    /// </summary>
    internal bool AllAsStored(ScoreDatabase db) => ReferenceEquals(_sealedOn, db) && _sealMark is { } sealedAt && db.Mark() == sealedAt;

    /// <summary>
    /// The roll-up has written rows that no lead or lead card is in (account rows, the lead-to-account
    /// mapping this holds): while this was <see cref="AllAsStored"/> before that write, it still is.
    /// </summary>
    internal void Renew(ScoreDatabase db, bool wasAsStored)
    {
        if (wasAsStored && ReferenceEquals(_sealedOn, db) && db.Mark() is { } mark && mark.DataVersion == _sealMark!.Value.DataVersion)
        {
            _sealMark = mark;
        }
        else
        {
            _sealedOn = null;
        }
    }

    /// <summary>The contact, when it was classified from the card stored now (<paramref name="asOf"/> and <paramref name="cardSha"/> of scores_current).</summary>
    internal bool TryGet(string leadId, string? asOf, string? cardSha, out AccountContact contact)
    {
        if (asOf is not null && cardSha is not null && _leads.TryGetValue(leadId, out var entry) && entry.Contact is not null
            && entry.AsOfTicks == SqlTimestamp.Parse(asOf).UtcTicks && entry.ShaPrefix == ShaPrefix(cardSha))
        {
            contact = entry.Contact;
            return true;
        }

        contact = null!;
        return false;
    }

    /// <summary>The contact as classified, without checking the stored card: only while <see cref="AllAsStored"/>.</summary>
    internal bool TryGetHeld(string leadId, out AccountContact contact)
    {
        contact = _leads.TryGetValue(leadId, out var entry) ? entry.Contact! : null!;
        return contact is not null;
    }

    /// <summary>The account the lead was placed in (null: none): only while <see cref="AllAsStored"/>.</summary>
    internal bool TryGetKey(string leadId, out string? key)
    {
        var held = _leads.TryGetValue(leadId, out var entry);
        key = entry?.Key;
        return held;
    }

    // Enough of the fingerprint to tell a replaced card, in 8 bytes instead of a 64-character string per lead.
    private static long ShaPrefix(string sha) => long.Parse(sha.AsSpan(0, 16), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A lead placed in its account (<paramref name="Key"/>, null: in none) and classified as its
    /// contact (null when in none), and the stored card it came from (its as-of time and fingerprint).
    /// </summary>
    public sealed record Entry(string LeadId, string? Key, AccountContact? Contact, long AsOfTicks, long ShaPrefix);
}
