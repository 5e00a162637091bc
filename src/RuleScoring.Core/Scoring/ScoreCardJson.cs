using System.Text;
using System.Text.Json;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Reasons;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Tiers;

namespace RuleScoring.Core.Scoring;

/// <summary>
/// The card as JSON, written field by field so the bytes are stable: same card, same text.
/// Field names follow the data contract (snake_case). <see cref="Parse"/> reads it back, so a
/// stored card can be shown again exactly as it was scored.
/// </summary>
public static class ScoreCardJson
{
    public static string Serialize(ScoreCard card, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(card);
        return CardJsonParts.Serialize(w => Write(w, card), indented);
    }

    public static void Write(Utf8JsonWriter w, ScoreCard card)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(card);
        w.WriteStartObject();
        w.WriteString("lead_id", card.LeadId);
        w.WriteString("as_of", Timestamps.Format(card.AsOf));
        CardJsonParts.WriteRules(w, card.Rules);
        w.WriteString("motion", card.Motion);
        w.WriteStartObject("dimensions");
        foreach (var d in card.Dimensions)
        {
            w.WriteStartObject(d.Name);
            w.WriteNumber("raw", PlainDecimal.Of(d.Raw));
            w.WriteNumber("score", PlainDecimal.Of(d.Score));
            w.WriteNumber("cap", PlainDecimal.Of(d.Cap));
            w.WriteNumber("weight", PlainDecimal.Of(d.Weight));
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteNumber("composite", PlainDecimal.Of(card.Composite));
        CardJsonParts.WriteTier(w, card.Tier, stageFlags: true);
        w.WriteBoolean("disqualified", card.Disqualified);
        w.WriteStartArray("reasons");
        foreach (var r in card.Reasons)
        {
            w.WriteStartObject();
            w.WriteString("code", r.Code);
            w.WriteString("dimension", r.Dimension);
            w.WriteNumber("points", PlainDecimal.Of(r.Points));
            w.WriteNumber("full_points", PlainDecimal.Of(r.FullPoints));
            w.WriteNumber("multiplier", PlainDecimal.Of(r.Multiplier));
            w.WriteNumber("evidence_count", r.EvidenceCount);
            if (r.EvidenceAgeDays is { } age)
            {
                w.WriteNumber("evidence_age_days", age);
            }
            else
            {
                w.WriteNull("evidence_age_days");
            }

            w.WriteString("text", r.Text);
            w.WriteBoolean("disqualifier", r.Disqualifier);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (card.NextChangeAt is { } next)
        {
            w.WriteString("next_change_at", Timestamps.Format(next));
        }
        else
        {
            w.WriteNull("next_change_at");
        }

        w.WriteStartArray("errors");
        foreach (var e in card.Errors)
        {
            w.WriteStringValue(e);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Reads a card written by <see cref="Serialize"/>.</summary>
    /// <exception cref="FormatException">The text is not a card.</exception>
    public static ScoreCard Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json);
            var c = doc.RootElement;
            var dimensions = c.GetProperty("dimensions").EnumerateObject()
                .Select(d => new DimensionScore(d.Name, d.Value.GetProperty("raw").GetDecimal(), d.Value.GetProperty("score").GetDecimal(),
                    d.Value.GetProperty("cap").GetDecimal(), d.Value.GetProperty("weight").GetDecimal()))
                .ToArray();
            var reasons = c.GetProperty("reasons").EnumerateArray()
                .Select(r => new Reason(r.GetProperty("code").GetString()!, r.GetProperty("dimension").GetString()!,
                    r.GetProperty("points").GetDecimal(), r.GetProperty("full_points").GetDecimal(), r.GetProperty("multiplier").GetDecimal(),
                    r.GetProperty("evidence_count").GetInt32(),
                    r.GetProperty("evidence_age_days") is { ValueKind: JsonValueKind.Number } age ? age.GetInt32() : null,
                    r.GetProperty("text").GetString()!,
                    r.TryGetProperty("disqualifier", out var dq) && dq.GetBoolean()))
                .ToArray();
            return new ScoreCard(
                c.GetProperty("lead_id").GetString()!,
                CardJsonParts.Time(c.GetProperty("as_of")) ?? throw new FormatException("as_of is null"),
                CardJsonParts.ReadRules(c),
                c.GetProperty("motion").GetString()!,
                dimensions,
                c.GetProperty("composite").GetDecimal(),
                CardJsonParts.ReadTier(c),
                c.GetProperty("disqualified").GetBoolean(),
                reasons,
                CardJsonParts.Time(c.GetProperty("next_change_at")),
                c.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToArray());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"not a score card: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// True when the two cards write the same text (<see cref="Serialize"/>), compared field by
    /// field without writing either: numbers by value, times to the second, texts ordinally.
    /// The tests hold it to the written text on a change of every field.
    /// </summary>
    public static bool WritesAlike(ScoreCard a, ScoreCard b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!string.Equals(a.LeadId, b.LeadId, StringComparison.Ordinal) || !SameSecond(a.AsOf, b.AsOf) || a.Rules != b.Rules
            || !string.Equals(a.Motion, b.Motion, StringComparison.Ordinal) || a.Composite != b.Composite || a.Disqualified != b.Disqualified
            || !SameSecond(a.NextChangeAt, b.NextChangeAt) || !SameTier(a.Tier, b.Tier)
            || a.Dimensions.Count != b.Dimensions.Count || a.Reasons.Count != b.Reasons.Count || !a.Errors.SequenceEqual(b.Errors, StringComparer.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < a.Dimensions.Count; i++)
        {
            var (x, y) = (a.Dimensions[i], b.Dimensions[i]);
            if (!string.Equals(x.Name, y.Name, StringComparison.Ordinal) || x.Raw != y.Raw || x.Score != y.Score || x.Cap != y.Cap || x.Weight != y.Weight)
            {
                return false;
            }
        }

        for (var i = 0; i < a.Reasons.Count; i++)
        {
            var (x, y) = (a.Reasons[i], b.Reasons[i]);
            if (!string.Equals(x.Code, y.Code, StringComparison.Ordinal) || !string.Equals(x.Dimension, y.Dimension, StringComparison.Ordinal)
                || x.Points != y.Points || x.FullPoints != y.FullPoints || x.Multiplier != y.Multiplier || x.EvidenceCount != y.EvidenceCount
                || x.EvidenceAgeDays != y.EvidenceAgeDays || !x.SameText(y) || x.Disqualifier != y.Disqualifier)
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameTier(TierAssignment? a, TierAssignment? b) =>
        a is null || b is null
            ? a is null && b is null
            : string.Equals(a.Tier, b.Tier, StringComparison.Ordinal) && string.Equals(a.Rule, b.Rule, StringComparison.Ordinal)
              && string.Equals(a.SlaText, b.SlaText, StringComparison.Ordinal) && SameSecond(a.FollowUpBy, b.FollowUpBy)
              && string.Equals(a.SalesAction, b.SalesAction, StringComparison.Ordinal) && string.Equals(a.MarketingAction, b.MarketingAction, StringComparison.Ordinal)
              && string.Equals(a.Kpi, b.Kpi, StringComparison.Ordinal) && a.Mql == b.Mql && a.Sql == b.Sql;

    // Times are written in UTC to the second (Timestamps.Format).
    private static bool SameSecond(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null || b is null ? a is null && b is null : SecondOf(a.Value) == SecondOf(b.Value);

    private static long SecondOf(DateTimeOffset t) => t.UtcTicks / TimeSpan.TicksPerSecond;
}
