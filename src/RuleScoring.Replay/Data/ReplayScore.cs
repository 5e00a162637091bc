using RuleScoring.Core.Accounts;
using RuleScoring.Core.Scoring;

namespace RuleScoring.Replay.Data;

/// <summary>
/// One version's score of one replayed case, as the metrics and reports read it: a lead's
/// composite or an account's score, its tier, the rules that fired, and the columns leads.csv /
/// accounts.csv show next to it.
/// </summary>
internal sealed record ReplayScore(
    decimal Score,
    string Tier,
    bool Mql,
    bool Sql,
    IReadOnlyList<ReplayReason> Reasons,
    IReadOnlyList<string> Errors,
    IReadOnlyList<KeyValuePair<string, decimal>> Parts)
{
    /// <summary>The lead's card, kept only when its tier is routed: the routing load replay routes it as the worker would.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ScoreCard? Card { get; init; }

    public static ReplayScore Of(ScoreCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return new ReplayScore(card.Composite, card.Tier?.Tier ?? "-", card.Tier?.Mql == true, card.Tier?.Sql == true,
            card.Reasons.Select(r => new ReplayReason(r.Code, r.Points)).ToList(), card.Errors,
            card.Dimensions.Select(d => KeyValuePair.Create(d.Name, d.Score)).ToList());
    }

    public static ReplayScore Of(AccountCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return new ReplayScore(card.Score, card.Tier?.Tier ?? "-", false, false,
            card.Reasons.Select(r => new ReplayReason(r.Code, r.Points)).ToList(), card.Errors,
            [KeyValuePair.Create("contacts", (decimal)card.Contacts.Count), KeyValuePair.Create("engaged", (decimal)card.Engaged),
                KeyValuePair.Create("researching", (decimal)card.Researching), KeyValuePair.Create("roles", (decimal)card.RolesEngaged.Count)]);
    }
}
