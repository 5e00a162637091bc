using System.Text;
using System.Text.Json.Nodes;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tests.Support;
using RuleScoring.Tests.Fuzz;
using Xunit.Abstractions;

namespace RuleScoring.Core.Tests.Fuzz;

/// <summary>
/// Random and mutated lead JSON (one object, an array, JSON lines): the reader never throws,
/// every record is a lead or a reason with a line inside the text, and a lead it accepts
/// scores under the shipped rules and writes a card.
/// </summary>
public sealed class LeadJsonReaderFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Types = ["pricing_view", "demo_request", "webinar_attended", "content_download", "careers_page_view", "email_click", "made_up"];
    private static readonly string[] AttributeNames = ["email", "employees", "industry", "country", "title", "seniority", "function", "tech_stack", "lifecycle_stage", "custom_x"];
    private static readonly string[] AttributeValues = ["dana@northwind.com", "300", "Software", "United States", "VP Sales", "vp", "Sales", "salesforce;hubspot", "mql", "", " ", "-3", "1e9", "@", "Ünïcödé"];

    [Fact]
    public void LeadJsonReader_RandomAndMutatedLeads_ExplainEveryRejectAndNeverThrow()
    {
        var scorer = new LeadScorer(RuleSetLoader.Load(Repo.Rules));
        var run = new FuzzRun("lead-json", 300, output);
        run.Run(c =>
        {
            var r = c.Random;
            var text = Build(r);
            // What reaches the reader has been through a UTF-8 decoder (a file, stdin, an HTTP body).
            text = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
            c.Input = text;
            var lines = text.Count(ch => ch == '\n') + 1;
            var records = LeadJsonReader.Read(text);
            var rejected = false;
            foreach (var record in records)
            {
                Check.That(record.Line >= 1 && record.Line <= lines, $"line {record.Line} is inside the text (1-{lines})");
                Check.That((record.Lead is null) != (record.Error is null), $"line {record.Line}: a lead or an error, not both or neither");
                if (record.Error is { } error)
                {
                    rejected = true;
                    Check.That(!string.IsNullOrWhiteSpace(error) && !error.Contains("   at ", StringComparison.Ordinal), $"line {record.Line}: a reason without a stack trace: {error}");
                    continue;
                }

                var lead = record.Lead!;
                Check.That(!string.IsNullOrWhiteSpace(lead.LeadId), $"line {record.Line}: an accepted lead has an id, not \"{lead.LeadId}\"");
                var card = scorer.Score(lead, Some.AsOf);
                Check.That(card.Composite is >= 0 and <= 100, $"line {record.Line}: composite {card.Composite} within 0-100");
                ScoreCardJson.Serialize(card);
            }

            return rejected ? FuzzOutcome.Rejected : FuzzOutcome.Accepted;
        });
    }

    private static string Build(Random r)
    {
        var leads = Enumerable.Range(0, r.Next(1, 5)).Select(i => Lead(r, i)).ToList();
        var shape = r.Next(3);
        var text = shape switch
        {
            0 => leads[0].ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = r.Next(2) == 0 }),
            1 => new JsonArray(leads.Select(l => (JsonNode?)l).ToArray()).ToJsonString(),
            _ => string.Join(r.Next(2) == 0 ? "\n" : "\r\n", leads.Select(l => l.ToJsonString())),
        };

        switch (r.Next(4))
        {
            case 0:
                return text;
            case 1:
                return Mutate.Text(r, text);
            default:
                if (shape == 2)
                {
                    // One line of the JSONL broken structurally; the rest must still be read.
                    var lines = text.Split('\n');
                    var i = r.Next(lines.Length);
                    lines[i] = Mutate.TryParse(lines[i]) is { } node ? Mutate.Json(r, node).Replace("\n", " ", StringComparison.Ordinal) : Mutate.Text(r, lines[i]);
                    return string.Join('\n', lines);
                }

                return Mutate.TryParse(text) is { } whole ? Mutate.Json(r, whole) : Mutate.Text(r, text);
        }
    }

    private static JsonObject Lead(Random r, int i)
    {
        var attributes = new JsonObject();
        foreach (var name in AttributeNames.Where(_ => r.Next(2) == 0))
        {
            attributes[name] = Mutate.Pick(r, AttributeValues);
        }

        var signals = new JsonArray();
        for (var s = r.Next(0, 6); s > 0; s--)
        {
            var signal = new JsonObject
            {
                ["type"] = Mutate.Pick(r, Types),
                ["occurred_at"] = Some.AsOf.AddDays(-r.Next(0, 400)).AddHours(-r.Next(24)).ToString(r.Next(2) == 0 ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            };
            if (r.Next(2) == 0)
            {
                signal["topic"] = "pricing";
            }

            if (r.Next(3) == 0)
            {
                signal["value"] = r.Next(3) == 0 ? JsonValue.Create(Mutate.Number(r)) : JsonValue.Create(r.Next(100));
            }

            if (r.Next(2) == 0)
            {
                signal["event_id"] = $"e-{i}-{s}";
            }

            signals.Add(signal);
        }

        return new JsonObject { ["lead_id"] = $"L-{i}", ["attributes"] = attributes, ["signals"] = signals };
    }
}
