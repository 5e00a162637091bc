using System.Data.Common;
using Dapper;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Scores;

/// <summary>
/// The one way a lead's card goes into and comes out of a card column (scores.card,
/// scores_current.card): compact against its rule set's <see cref="CardTemplate"/>, stored once
/// per rules hash in card_templates (migration 0007), or whole as <see cref="ScoreCardJson"/>
/// when there is no template or the template cannot rebuild the card exactly. Every reader takes
/// both, so rows stored before compact cards read as they always did.
/// </summary>
internal sealed class StoredCards(ScoreDatabase db)
{
    // Templates never change once stored: cached by id for reading and by rules hash for writing.
    private readonly Dictionary<long, CardTemplate> _byId = [];
    private readonly Dictionary<string, StoredTemplate> _byHash = new(StringComparer.Ordinal);

    /// <summary>The card a card column holds, compact or whole.</summary>
    /// <exception cref="FormatException">The text is neither, or names a template that is not stored.</exception>
    public ScoreCard Read(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return CardTemplate.IsCompact(stored) ? Template(CardTemplate.TemplateIdOf(stored)).Decode(stored) : ScoreCardJson.Parse(stored);
    }

    /// <summary>The template a compact card was written with, without decoding the card.</summary>
    /// <exception cref="FormatException">Not a compact card, or it names a template that is not stored.</exception>
    public CardTemplate TemplateOf(string compact) => Template(CardTemplate.TemplateIdOf(compact));

    /// <summary>Whether a template stored for another rules hash than <paramref name="rulesHash"/> has this evidence signature.</summary>
    public bool AnyOtherWithEvidence(string rulesHash, string evidenceSignature) =>
        db.Connection.Query<string>("SELECT template FROM card_templates WHERE rules_hash <> @Hash", new { Hash = rulesHash })
            .Any(json => TryParse(json)?.EvidenceSignature == evidenceSignature);

    private static CardTemplate? TryParse(string json)
    {
        try
        {
            return CardTemplate.Parse(json);
        }
        catch (FormatException)
        {
            // A newer build's template: its cards are not this build's to reweigh.
            return null;
        }
    }

    /// <summary>
    /// The stored template to write cards of <paramref name="rules"/> with: the one stored for its
    /// hash, else <paramref name="given"/> stored now (in <paramref name="transaction"/>), else
    /// null (the cards are stored whole).
    /// </summary>
    public StoredTemplate? ForWriting(RuleSetIdentity rules, CardTemplate? given, DbTransaction transaction)
    {
        if (!TryStored(rules.Hash, transaction, out var stored) || stored is not null)
        {
            return stored;
        }

        // Not cached: this transaction may yet roll back, and the id be another template's later.
        return given is null || given.Rules != rules ? null : Store(given, transaction);
    }

    /// <summary>
    /// The stored template for <paramref name="given"/>'s rules hash, committed, so its id can be
    /// used before the first batch: read when stored before (no write lock), else stored now in a
    /// transaction of its own. Once found, later calls run no statement (call it before opening a
    /// transaction of your own).
    /// </summary>
    public StoredTemplate? Committed(CardTemplate given)
    {
        ArgumentNullException.ThrowIfNull(given);
        if (!TryStored(given.Rules.Hash, transaction: null, out var stored) || stored is not null)
        {
            return stored;
        }

        using var transaction = db.Connection.BeginTransaction();
        stored = Store(given, transaction);
        transaction.Commit();
        return stored is null ? null : Remember(given.Rules.Hash, stored);
    }

    /// <summary>
    /// The template stored for <paramref name="hash"/> before <paramref name="transaction"/> wrote
    /// one (so committed: cached), or null when none is; false when one is stored in a format this
    /// build does not read (its cards stay readable whole).
    /// </summary>
    private bool TryStored(string hash, DbTransaction? transaction, out StoredTemplate? stored)
    {
        if (_byHash.TryGetValue(hash, out stored))
        {
            return true;
        }

        try
        {
            stored = Find(hash, transaction);
        }
        catch (FormatException)
        {
            stored = null;
            return false;
        }

        if (stored is not null)
        {
            Remember(hash, stored);
        }

        return true;
    }

    /// <summary>Stores <paramref name="given"/> for its rules hash and returns the row that stands.</summary>
    private StoredTemplate? Store(CardTemplate given, DbTransaction transaction)
    {
        // Idempotent: another writer may store the same hash's template at the same time (PostgreSQL
        // waits for it, then does nothing); whichever row stands is the one the cards refer to.
        db.Connection.Execute("""
            INSERT INTO card_templates (rules_hash, template, created_at) VALUES (@Hash, @Template, @Now)
            ON CONFLICT (rules_hash) DO NOTHING
            """, new { given.Rules.Hash, Template = given.Json, Now = db.Time.GetUtcNow() }, transaction);
        return Find(given.Rules.Hash, transaction);
    }

    private StoredTemplate Remember(string hash, StoredTemplate stored)
    {
        _byHash[hash] = stored;
        _byId[stored.Id] = stored.Template;
        return stored;
    }

    private StoredTemplate? Find(string hash, DbTransaction? transaction) =>
        db.Connection.Query<(long Id, string Template)>("SELECT id, template FROM card_templates WHERE rules_hash = @Hash", new { Hash = hash }, transaction)
            .Select(r => new StoredTemplate(r.Id, CardTemplate.Parse(r.Template)))
            .SingleOrDefault();

    private CardTemplate Template(long id)
    {
        if (!_byId.TryGetValue(id, out var template))
        {
            var json = db.Connection.QuerySingleOrDefault<string?>("SELECT template FROM card_templates WHERE id = @Id", new { Id = id })
                ?? throw new FormatException($"a stored card refers to card template {id}, which is not in card_templates");
            template = CardTemplate.Parse(json);
            _byId[id] = template;
        }

        return template;
    }
}

/// <summary>A card template as stored: its row id, which compact cards name.</summary>
internal sealed record StoredTemplate(long Id, CardTemplate Template);
