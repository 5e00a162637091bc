using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tiers;

namespace RuleScoring.Core.Accounts;

/// <summary>An account card as JSON, field by field (stable bytes, snake_case like lead cards), and back.</summary>
public static class AccountCardJson
{
    private const string Exact = "0.############";

    public static string Serialize(AccountCard card, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(card);
        return CardJsonParts.Serialize(w => Write(w, card), indented);
    }

    public static void Write(Utf8JsonWriter w, AccountCard card)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(card);
        w.WriteStartObject();
        w.WriteString("account", card.AccountKey);
        w.WriteString("as_of", Timestamps.Format(card.AsOf));
        CardJsonParts.WriteRules(w, card.Rules);
        w.WriteNumber("raw", card.Raw);
        w.WriteNumber("score", card.Score);
        CardJsonParts.WriteTier(w, card.Tier, stageFlags: false);
        w.WriteStartObject("committee");
        w.WriteString("coverage", card.Coverage);
        Strings(w, "engaged", card.RolesEngaged);
        Strings(w, "missing", card.RolesMissing);
        w.WriteEndObject();
        w.WriteNumber("engaged_contacts", card.Engaged);
        w.WriteNumber("researching_contacts", card.Researching);
        w.WriteStartArray("reasons");
        foreach (var r in card.Reasons)
        {
            w.WriteStartObject();
            w.WriteString("code", r.Code);
            w.WriteNumber("points", r.Points);
            w.WriteString("text", r.Text);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("contacts");
        foreach (var c in card.Contacts)
        {
            w.WriteStartObject();
            w.WriteString("lead_id", c.LeadId);
            if (c.Role is not null)
            {
                w.WriteString("role", c.Role);
            }

            w.WriteBoolean("engaged", c.Engaged);
            w.WriteBoolean("researching", c.Researching);
            w.WriteNumber("fit", c.Fit);
            w.WriteNumber("intent", c.Intent);
            w.WriteNumber("behavior", c.Behavior);
            w.WriteNumber("composite", c.Composite);
            if (c.Tier is not null)
            {
                w.WriteString("tier", c.Tier);
            }

            w.WriteBoolean("disqualified", c.Disqualified);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        Strings(w, "errors", card.Errors);
        w.WriteEndObject();
    }

    public static AccountCard Parse(string json)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(json);
        using var doc = JsonDocument.Parse(json);
        var c = doc.RootElement;
        var committee = c.GetProperty("committee");
        return new AccountCard(
            c.GetProperty("account").GetString()!,
            CardJsonParts.Time(c.GetProperty("as_of")) ?? throw new JsonException("as_of is null"),
            CardJsonParts.ReadRules(c),
            c.GetProperty("raw").GetDecimal(),
            c.GetProperty("score").GetDecimal(),
            CardJsonParts.ReadTier(c),
            c.GetProperty("reasons").EnumerateArray().Select(r => new AccountReason(r.GetProperty("code").GetString()!, r.GetProperty("points").GetDecimal(), r.GetProperty("text").GetString()!)).ToList(),
            ReadStrings(committee.GetProperty("engaged")),
            ReadStrings(committee.GetProperty("missing")),
            c.GetProperty("engaged_contacts").GetInt32(),
            c.GetProperty("researching_contacts").GetInt32(),
            c.GetProperty("contacts").EnumerateArray().Select(x => new AccountContact(
                x.GetProperty("lead_id").GetString()!,
                x.TryGetProperty("role", out var role) ? role.GetString() : null,
                x.GetProperty("engaged").GetBoolean(),
                x.GetProperty("researching").GetBoolean(),
                x.GetProperty("fit").GetDecimal(),
                x.GetProperty("intent").GetDecimal(),
                x.GetProperty("behavior").GetDecimal(),
                x.GetProperty("composite").GetDecimal(),
                x.TryGetProperty("tier", out var lt) ? lt.GetString() : null,
                x.GetProperty("disqualified").GetBoolean())).ToList(),
            ReadStrings(c.GetProperty("errors")));
    }

    /// <summary>What makes two account cards the same score: rules, score, tier, reasons' points, roles and contacts' roles. Not the as-of time.</summary>
    public static string Fingerprint(AccountCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var text = new StringBuilder();
        text.Append(card.Rules.Hash).Append('|').Append(card.Raw.ToString(Exact, CultureInfo.InvariantCulture)).Append('|').Append(card.Tier?.Rule)
            .Append('|').Append(string.Join(',', card.RolesEngaged)).Append('|').Append(card.Engaged).Append('|').Append(card.Researching);
        foreach (var r in card.Reasons)
        {
            text.Append('|').Append(r.Code).Append('=').Append(r.Points.ToString(Exact, CultureInfo.InvariantCulture));
        }

        foreach (var c in card.Contacts)
        {
            text.Append("|c:").Append(c.LeadId).Append(':').Append(c.Role).Append(':').Append(c.Engaged).Append(':').Append(c.Tier);
        }

        foreach (var e in card.Errors)
        {
            text.Append("|!").Append(e);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static List<string> ReadStrings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
