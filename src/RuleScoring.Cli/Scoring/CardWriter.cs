using System.Globalization;
using System.Text.Json;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Scoring;
using static RuleScoring.Core.Output.ReportNumbers;

namespace RuleScoring.Cli.Scoring;

/// <summary>Prints cards as a readable table per lead (plus a tier summary for several), or as JSON / JSONL.</summary>
internal static class CardWriter
{
    public static void Write(TextWriter output, IReadOnlyList<ScoreCard> cards, OutputFormat format)
    {
        switch (format)
        {
            case OutputFormat.Jsonl:
                foreach (var card in cards)
                {
                    output.WriteLine(ScoreCardJson.Serialize(card));
                }

                break;
            case OutputFormat.Json when cards.Count == 1:
                output.WriteLine(ScoreCardJson.Serialize(cards[0], indented: true));
                break;
            case OutputFormat.Json:
                var stream = new MemoryStream();
                using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                {
                    w.WriteStartArray();
                    foreach (var card in cards)
                    {
                        ScoreCardJson.Write(w, card);
                    }

                    w.WriteEndArray();
                }

                output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
                break;
            default:
                foreach (var card in cards)
                {
                    WriteTable(output, card);
                    output.WriteLine();
                }

                if (cards.Count > 1)
                {
                    WriteTierSummary(output, cards);
                }

                break;
        }
    }

    /// <param name="qualification">What replaces the tier's "MQL yes/no  SQL yes/no" (explain says what the lead's history shows).</param>
    public static void WriteTable(TextWriter o, ScoreCard card, string? qualification = null)
    {
        var tier = card.Tier;
        o.WriteLine($"{card.LeadId}  tier {tier?.Tier ?? "-"}  composite {N(card.Composite, 1)} ({card.Motion})  as of {Timestamps.Format(card.AsOf)}");
        if (tier is not null)
        {
            var due = tier.FollowUpBy is { } by ? $", follow up by {Timestamps.Format(by)}" : "";
            o.WriteLine($"  sales:     {tier.SalesAction} (SLA {tier.SlaText}{due})");
            o.WriteLine($"  marketing: {tier.MarketingAction}");
            o.WriteLine($"  {qualification ?? $"MQL {(tier.Mql ? "yes" : "no")}  SQL {(tier.Sql ? "yes" : "no")}"}{(card.Disqualified ? "  DISQUALIFIED" : "")}  tier rule {tier.Rule}");
        }

        o.WriteLine($"  {"dimension",-10} {"raw",8} {"score",7} {"cap",5} {"weight",7}");
        foreach (var d in card.Dimensions)
        {
            o.WriteLine($"  {d.Name,-10} {N(d.Raw, 2),8} {N(d.Score, 1),7} {N(d.Cap, 0),5} {N(d.Weight, 0) + " %",7}");
        }

        o.WriteLine(card.Reasons.Count == 0 ? "  why: no rule fired" : "  why (top drivers first):");
        var width = card.Reasons.Count == 0 ? 0 : card.Reasons.Max(r => r.Code.Length);
        foreach (var r in card.Reasons)
        {
            var points = (r.Points > 0 ? "+" : "") + N(r.Points, 2);
            var decayed = r.Multiplier != 1 ? $"  [{N(r.Multiplier * 100, 0)} % of {N(r.FullPoints, 2)}]" : "";
            o.WriteLine($"    {points,8}  {r.Code.PadRight(width)}  {r.Text}{decayed}");
        }

        o.WriteLine($"  rules {card.Rules}");
    }

    private static void WriteTierSummary(TextWriter o, IReadOnlyList<ScoreCard> cards)
    {
        o.WriteLine($"{"tier",-5} {"leads",6} {"share",7}  {"mean composite",14}");
        foreach (var group in cards.GroupBy(c => c.Tier?.Tier ?? "-").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var share = 100m * group.Count() / cards.Count;
            o.WriteLine($"{group.Key,-5} {group.Count(),6} {N(share, 1) + " %",7}  {N(group.Average(c => c.Composite), 1),14}");
        }

        o.WriteLine($"{"all",-5} {cards.Count,6} {"100.0 %",7}");
    }
}
