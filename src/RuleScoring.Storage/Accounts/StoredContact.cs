using System.Globalization;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Scoring;

namespace RuleScoring.Storage.Accounts;

/// <summary>
/// A lead's account classification as scores_current.contact keeps it beside the card it was
/// classified from (migration 0015): <c>&lt;as-of UTC ticks&gt;:&lt;flags&gt;:&lt;role&gt;</c>, the flags
/// <c>e</c> (engaged) and <c>r</c> (researching) or <c>-</c> for neither, the role last (empty for
/// none; a role's name may hold a colon). A roll-up takes it only for the current row's as-of and
/// rules, with the numbers from the card itself, which gives the contact classifying the lead
/// again from that card would give (the roll-up equivalence tests hold the two to the same rows).
/// </summary>
internal static class StoredContact
{
    /// <summary>The text kept for a classified lead in an account; null for one in none, or whose classification failed (the roll-up then reads it and says why).</summary>
    public static string? Encode(FreshContacts.Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Key is null || entry.Contact is not { Errors.Count: 0 } contact)
        {
            return null;
        }

        var flags = contact.Engaged ? contact.Researching ? "er" : "e" : contact.Researching ? "r" : "-";
        return string.Create(CultureInfo.InvariantCulture, $"{entry.AsOfTicks}:{flags}:{contact.Role}");
    }

    /// <summary>
    /// The contact kept in <paramref name="text"/>, when it was classified at <paramref name="asOfTicks"/>
    /// (the current row's as-of), from <paramref name="card"/>, the lead's current card (of the
    /// same second: its JSON keeps whole seconds).
    /// </summary>
    public static bool TryDecode(string? text, long asOfTicks, ScoreCard card, out AccountContact contact)
    {
        ArgumentNullException.ThrowIfNull(card);
        contact = null!;
        if (text is null)
        {
            return false;
        }

        var first = text.IndexOf(':', StringComparison.Ordinal);
        var second = first < 0 ? -1 : text.IndexOf(':', first + 1);
        if (second < 0
            || !long.TryParse(text.AsSpan(0, first), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks != asOfTicks
            || card.AsOf.UtcTicks / TimeSpan.TicksPerSecond != asOfTicks / TimeSpan.TicksPerSecond)
        {
            return false;
        }

        var flags = text.AsSpan(first + 1, second - first - 1);
        var role = second + 1 < text.Length ? text[(second + 1)..] : null;
        // As AccountScorer.Contact builds it; the flags and role were kept as it gave them.
        contact = new AccountContact(card.LeadId, role, flags.Contains('e'), flags.Contains('r'),
            card.Fit.Score, card.Intent.Score, card.Behavior.Score, card.Composite, card.Tier?.Tier, card.Disqualified);
        return true;
    }
}
