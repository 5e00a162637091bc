using System.Text;
using System.Text.Json;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Tiers;

namespace RuleScoring.Core.Scoring;

/// <summary>
/// The parts lead cards and account cards share on disk: the rule version, the tier with its SLA
/// and actions, timestamps, and writing a card to stable bytes. One writer and one reader, so
/// both cards spell them alike.
/// </summary>
internal static class CardJsonParts
{
    public static string Serialize(Action<Utf8JsonWriter> write, bool indented)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            write(w);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void WriteRules(Utf8JsonWriter w, RuleSetIdentity rules)
    {
        w.WriteStartObject("rules");
        w.WriteString("name", rules.Name);
        w.WriteString("version", rules.Version);
        w.WriteString("hash", rules.Hash);
        w.WriteEndObject();
    }

    public static RuleSetIdentity ReadRules(JsonElement card)
    {
        var rules = card.GetProperty("rules");
        return new RuleSetIdentity(rules.GetProperty("name").GetString()!, rules.GetProperty("version").GetString()!, rules.GetProperty("hash").GetString()!);
    }

    /// <param name="stageFlags">Lead tiers carry the MQL / SQL flags; account tiers have none.</param>
    public static void WriteTier(Utf8JsonWriter w, TierAssignment? tier, bool stageFlags)
    {
        if (tier is null)
        {
            w.WriteNull("tier");
            return;
        }

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

        if (stageFlags)
        {
            w.WriteBoolean("mql", tier.Mql);
            w.WriteBoolean("sql", tier.Sql);
        }

        w.WriteEndObject();
    }

    public static TierAssignment? ReadTier(JsonElement card)
    {
        if (card.GetProperty("tier") is not { ValueKind: JsonValueKind.Object } t)
        {
            return null;
        }

        return new TierAssignment(t.GetProperty("tier").GetString()!, t.GetProperty("rule").GetString()!, t.GetProperty("sla").GetString()!,
            t.TryGetProperty("follow_up_by", out var due) ? Time(due) : null,
            t.GetProperty("sales_action").GetString()!, t.GetProperty("marketing_action").GetString()!,
            t.TryGetProperty("kpi", out var kpi) ? kpi.GetString() : null,
            t.TryGetProperty("mql", out var mql) && mql.GetBoolean(), t.TryGetProperty("sql", out var sql) && sql.GetBoolean());
    }

    public static DateTimeOffset? Time(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? null
        : Timestamps.TryParse(element.GetString(), out var value) ? value
        : throw new FormatException($"'{element.GetString()}' is not a timestamp");
}
