using System.Text;
using System.Text.Json;
using RuleScoring.Core.Leads;

namespace RuleScoring.Core.Scoring;

/// <summary>
/// The card as JSON, written field by field so the bytes are stable: same card, same text.
/// Field names follow the data contract (snake_case).
/// </summary>
public static class ScoreCardJson
{
    public static string Serialize(ScoreCard card, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(card);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            Write(w, card);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter w, ScoreCard card)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(card);
        w.WriteStartObject();
        w.WriteString("lead_id", card.LeadId);
        w.WriteString("as_of", Timestamps.Format(card.AsOf));
        w.WriteStartObject("rules");
        w.WriteString("name", card.Rules.Name);
        w.WriteString("version", card.Rules.Version);
        w.WriteString("hash", card.Rules.Hash);
        w.WriteEndObject();
        w.WriteString("motion", card.Motion);
        w.WriteStartObject("dimensions");
        foreach (var d in card.Dimensions)
        {
            w.WriteStartObject(d.Name);
            w.WriteNumber("raw", Plain(d.Raw));
            w.WriteNumber("score", Plain(d.Score));
            w.WriteNumber("cap", Plain(d.Cap));
            w.WriteNumber("weight", Plain(d.Weight));
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteNumber("composite", Plain(card.Composite));
        if (card.Tier is { } tier)
        {
            w.WriteStartObject("tier");
            w.WriteString("tier", tier.Tier);
            w.WriteString("rule", tier.Rule);
            w.WriteString("sla", tier.SlaText);
            if (tier.FollowUpBy is { } due)
            {
                w.WriteString("follow_up_by", Timestamps.Format(due));
            }
            else
            {
                w.WriteNull("follow_up_by");
            }

            w.WriteString("sales_action", tier.SalesAction);
            w.WriteString("marketing_action", tier.MarketingAction);
            if (tier.Kpi is not null)
            {
                w.WriteString("kpi", tier.Kpi);
            }

            w.WriteBoolean("mql", tier.Mql);
            w.WriteBoolean("sql", tier.Sql);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("tier");
        }

        w.WriteBoolean("disqualified", card.Disqualified);
        w.WriteStartArray("reasons");
        foreach (var r in card.Reasons)
        {
            w.WriteStartObject();
            w.WriteString("code", r.Code);
            w.WriteString("dimension", r.Dimension);
            w.WriteNumber("points", Plain(r.Points));
            w.WriteNumber("full_points", Plain(r.FullPoints));
            w.WriteNumber("multiplier", Plain(r.Multiplier));
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

    // 25 x 1.0 is 25.0 in decimal; write every number without trailing zeros so equal values print alike.
    private static decimal Plain(decimal value) => value / 1.0000000000000000000000000000m;
}
