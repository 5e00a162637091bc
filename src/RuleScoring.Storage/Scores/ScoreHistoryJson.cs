using System.Text.Json;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Scoring;

namespace RuleScoring.Storage.Scores;

/// <summary>
/// A lead's current card and score history as JSON: one shape for <c>explain --format json</c>
/// and the worker's <c>GET /leads/{id}/history</c>, so a script reads both the same way.
/// </summary>
public static class ScoreHistoryJson
{
    /// <param name="account">The lead's account (its key, tier and committee coverage), when the caller looked it up.</param>
    public static void Write(Utf8JsonWriter w, string leadId, StoredScore? current, IReadOnlyList<StoredScore> history, AccountSummary? account = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(history);
        w.WriteStartObject();
        w.WriteString("lead_id", leadId);
        w.WritePropertyName("current");
        if (current is null)
        {
            w.WriteNullValue();
        }
        else
        {
            ScoreCardJson.Write(w, current.Card);
        }

        if (account is not null)
        {
            w.WriteStartObject("account");
            w.WriteString("key", account.Key);
            if (account.Card is { } card)
            {
                w.WriteString("tier", card.Tier?.Tier);
                w.WriteNumber("score", card.Score);
                w.WriteString("committee_coverage", card.Coverage);
            }

            w.WriteEndObject();
        }

        w.WriteStartArray("history");
        foreach (var row in history)
        {
            w.WriteStartObject();
            w.WriteNumber("score_id", row.Id);
            w.WriteString("as_of", Timestamps.Format(row.AsOf));
            w.WriteString("scored_at", Timestamps.Format(row.ScoredAt));
            w.WriteString("tier", row.Tier);
            w.WriteString("previous_tier", row.PreviousTier);
            w.WriteNumber("fit_raw", row.FitRaw);
            w.WriteNumber("intent_raw", row.IntentRaw);
            w.WriteNumber("behavior_raw", row.BehaviorRaw);
            w.WriteNumber("composite", row.Composite);
            w.WritePropertyName("card");
            ScoreCardJson.Write(w, row.Card);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
