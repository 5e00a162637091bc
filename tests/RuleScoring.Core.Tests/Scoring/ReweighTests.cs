using System.Text.Json.Nodes;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Scoring;

/// <summary>
/// A weight-only change (points, motion weights, caps, tier thresholds) gives each stored card
/// again from its reasons, without the lead's signals: the very card a full score under the new
/// rules gives at the same as-of, or none at all when that cannot be proved.
/// </summary>
public sealed class ReweighTests
{
    [Fact]
    public void WeightOnlyChange_ReweighedCardsAreTheCardsScoredAgain_AnyTimeBeforeTheirNextChange()
    {
        using var rules = WeightsChanged();
        var before = DefaultModel.Scorer();
        var after = new LeadScorer(RuleSetLoader.Load(rules.Directory));
        after.CardTemplate.EvidenceSignature.ShouldBe(before.CardTemplate.EvidenceSignature);
        var random = new Random(7);
        int reweighed = 0, refused = 0, tierMoved = 0;

        foreach (var lead in Some.Generated(2_000, seed: 31))
        {
            // As the store keeps it: compact, then read back.
            var stored = StoredAndRead(before, before.Score(lead, Some.AsOf));
            var until = stored.NextChangeAt ?? Some.AsOf.AddDays(90);
            var asOf = Some.AsOf.AddSeconds(Math.Floor(random.NextDouble() * ((until - Some.AsOf).TotalSeconds - 1)));

            var card = after.Reweigh(stored, before.CardTemplate, asOf);

            if (card is null)
            {
                refused++;
                continue;
            }

            reweighed++;
            ScoreCardJson.Serialize(card).ShouldBe(ScoreCardJson.Serialize(after.Score(lead, asOf)), lead.LeadId);
            tierMoved += card.Tier?.Tier != stored.Tier?.Tier ? 1 : 0;
        }

        // Every generated signal is to the second and no card has an error: none is refused.
        refused.ShouldBe(0);
        reweighed.ShouldBe(2_000);
        tierMoved.ShouldBeGreaterThan(0, "the change must move some tiers to prove the tiers follow");
    }

    [Fact]
    public void ReweighedCard_StoredAndReadAgain_ReweighsAgainUnderTheSameRules()
    {
        using var rules = WeightsChanged();
        var before = DefaultModel.Scorer();
        var after = new LeadScorer(RuleSetLoader.Load(rules.Directory));
        foreach (var lead in Some.Generated(200, seed: 32))
        {
            var first = after.Reweigh(StoredAndRead(before, before.Score(lead, Some.AsOf)), before.CardTemplate, Some.AsOf.AddHours(1)).ShouldNotBeNull();
            var until = first.NextChangeAt ?? Some.AsOf.AddDays(90);
            var later = Some.AsOf.AddHours(1) + (until - Some.AsOf.AddHours(1)) / 2;

            var second = before.Reweigh(StoredAndRead(after, first), after.CardTemplate, later).ShouldNotBeNull();

            ScoreCardJson.Serialize(second).ShouldBe(ScoreCardJson.Serialize(before.Score(lead, later)), lead.LeadId);
        }
    }

    [SkippableTheory]
    [InlineData("bank-marketing")]
    [InlineData("crm-sales-opportunities")]
    [InlineData("x-education")]
    public void DatasetExample_OnItsRealRows_EveryPointTimesOnePointOneFive_ReweighedCardsAreTheCardsScoredAgain(string example)
    {
        var leads = DatasetRows.ForOrSkip(example, max: 3_000);
        using var folder = new TempFolder();
        var source = Path.Combine(Repo.Rules, "examples", example);
        foreach (var file in Directory.GetFiles(source))
        {
            var text = File.ReadAllText(file);
            if (Path.GetFileName(file) is "fit.json" or "intent.json" or "behavior.json")
            {
                var workflow = JsonNode.Parse(text)!;
                foreach (var rule in workflow["Rules"]!.AsArray())
                {
                    var properties = rule!["Properties"]!;
                    properties["points"] = Math.Round(properties["points"]!.GetValue<decimal>() * 1.15m, 2);
                }

                text = workflow.ToJsonString();
            }

            File.WriteAllText(Path.Combine(folder.Path, Path.GetFileName(file)), text);
        }

        var before = new LeadScorer(RuleSetLoader.Load(source));
        var after = new LeadScorer(RuleSetLoader.Load(folder.Path));
        after.CardTemplate.EvidenceSignature.ShouldBe(before.CardTemplate.EvidenceSignature);
        var random = new Random(11);
        var reweighed = 0;
        foreach (var lead in leads)
        {
            var stored = StoredAndRead(before, before.Score(lead, Some.AsOf));
            var until = stored.NextChangeAt ?? Some.AsOf.AddDays(90);
            var asOf = Some.AsOf.AddSeconds(Math.Floor(random.NextDouble() * ((until - Some.AsOf).TotalSeconds - 1)));
            if (after.Reweigh(stored, before.CardTemplate, asOf) is { } card)
            {
                reweighed++;
                ScoreCardJson.Serialize(card).ShouldBe(ScoreCardJson.Serialize(after.Score(lead, asOf)), lead.LeadId);
            }
        }

        reweighed.ShouldBeGreaterThan(leads.Count / 2, "most real rows must be carried to prove anything");
    }

    [Theory]
    [InlineData("expression")]
    [InlineData("window")]
    [InlineData("decay")]
    [InlineData("list")]
    [InlineData("group")]
    [InlineData("per")]
    [InlineData("disabled")]
    [InlineData("tiny points")]
    public void ChangeBeyondWeights_NoCardIsReweighed(string change)
    {
        using var rules = new RulesCopy();
        switch (change)
        {
            case "expression":
                rules.EditJson("intent.json", w => RulesCopy.Rule(w, "intent.pricing_deep")["Expression"] = "signals.Count(\"pricing_view\", 30) >= 2");
                break;
            case "window":
                rules.EditJson("intent.json", w => RulesCopy.Rule(w, "intent.pricing_deep")["Properties"]!["window"] = 31);
                break;
            case "decay":
                rules.EditJson("model.json", m => m["decayProfiles"]!["intent"]!["steps"]![0]!["upToDays"] = 6);
                break;
            case "list":
                rules.EditJson("model.json", m => m["lists"]!["free_mail_domains"]!.AsArray().Add("mail.example"));
                break;
            case "group":
                rules.EditJson("model.json", m => m["signals"]!["blog_view"]!["groups"] = new JsonArray("bofu"));
                break;
            case "per":
                rules.EditJson("behavior.json", w => RulesCopy.Rule(w, "behavior.newsletter_open")["Properties"]!["max"] = 4);
                break;
            case "disabled":
                rules.EditJson("behavior.json", w => RulesCopy.Rule(w, "behavior.newsletter_open")["Enabled"] = false);
                break;
            default:
                // A rule whose points round to 0 at a decay step drops off the card there: its points are not a weight.
                rules.EditJson("behavior.json", w => RulesCopy.Rule(w, "behavior.newsletter_open")["Properties"]!["points"] = 0.01);
                break;
        }

        var before = DefaultModel.Scorer();
        var after = new LeadScorer(RuleSetLoader.Load(rules.Directory));

        after.CardTemplate.EvidenceSignature.ShouldNotBe(before.CardTemplate.EvidenceSignature);
        foreach (var lead in Some.Generated(100, seed: 33))
        {
            after.Reweigh(StoredAndRead(before, before.Score(lead, Some.AsOf)), before.CardTemplate, Some.AsOf).ShouldBeNull();
        }
    }

    [Fact]
    public void CardsThatCannotBeProved_AreRefused()
    {
        using var rules = WeightsChanged();
        var before = DefaultModel.Scorer();
        var after = new LeadScorer(RuleSetLoader.Load(rules.Directory));
        var lead = Some.IdealCustomer().Signal("pricing_view", 2).Signal("newsletter_open", 40).Build();
        var stored = StoredAndRead(before, before.Score(lead, Some.AsOf));
        after.Reweigh(stored, before.CardTemplate, Some.AsOf.AddHours(2)).ShouldNotBeNull();

        // At or after the card's next change, the evidence may have moved.
        after.Reweigh(stored, before.CardTemplate, stored.NextChangeAt!.Value).ShouldBeNull();
        // Before the card's own as-of.
        after.Reweigh(stored, before.CardTemplate, Some.AsOf.AddSeconds(-1)).ShouldBeNull();
        // A template stored before evidence signatures were kept.
        var oldTemplate = JsonNode.Parse(before.CardTemplate.Json)!.AsObject();
        oldTemplate.Remove("evidence");
        after.Reweigh(stored, CardTemplate.Parse(oldTemplate.ToJsonString()), Some.AsOf).ShouldBeNull();
        // A card stored whole (no evidence times), or read from a format 1 compact card.
        after.Reweigh(ScoreCardJson.Parse(ScoreCardJson.Serialize(stored)), before.CardTemplate, Some.AsOf).ShouldBeNull();
        // Evidence timed to the millisecond: its age at a later as-of is not known from whole seconds.
        var precise = Lead.Create("L-ms", lead.Attributes, [new Signal("pricing_view", Some.AsOf.AddDays(-2).AddMilliseconds(-250), "e1")]);
        after.Reweigh(StoredAndRead(before, before.Score(precise, Some.AsOf)), before.CardTemplate, Some.AsOf).ShouldBeNull();
    }

    [Fact]
    public void FormatOneCompactCard_StillReads_AndIsNotReweighed()
    {
        var card = DefaultModel.Scorer().Score(Some.IdealCustomer().Signal("pricing_view", 2).Build(), Some.AsOf);
        var template = DefaultModel.Scorer().CardTemplate;
        var compact = JsonNode.Parse(template.Encode(card, 5)!)!.AsArray();
        // Format 1: no times; the text, when kept, came fourth.
        compact[0] = 1;
        foreach (var reason in compact[7]!.AsArray())
        {
            var r = reason!.AsArray();
            if (r.Count > 4)
            {
                r.RemoveAt(4);
            }
        }

        var read = template.Decode(compact.ToJsonString());

        CardTemplate.TemplateIdOf(compact.ToJsonString()).ShouldBe(5);
        ScoreCardJson.Serialize(read).ShouldBe(ScoreCardJson.Serialize(card));
        DefaultModel.Scorer().Reweigh(read, template, Some.AsOf).ShouldBeNull();
    }

    private static ScoreCard StoredAndRead(LeadScorer scorer, ScoreCard card) =>
        scorer.CardTemplate.Decode(scorer.CardTemplate.Encode(card, 1).ShouldNotBeNull(card.LeadId));


    /// <summary>Points up and down (a rule counted once, per event with decay, per topic, a disqualifier), motion weights, a cap, a tier threshold.</summary>
    private static RulesCopy WeightsChanged() => new RulesCopy()
        .EditJson("intent.json", w => RulesCopy.Rule(w, "intent.pricing_deep")["Properties"]!["points"] = 41)
        .EditJson("intent.json", w => RulesCopy.Rule(w, "intent.pricing_single")["Properties"]!["points"] = 12.5)
        .EditJson("behavior.json", w => RulesCopy.Rule(w, "behavior.newsletter_open")["Properties"]!["points"] = 3.3)
        .EditJson("behavior.json", w => RulesCopy.Rule(w, "behavior.feature_used")["Properties"]!["points"] = 11)
        .EditJson("fit.json", w => RulesCopy.Rule(w, "fit.under_10_employees")["Properties"]!["points"] = -25)
        .EditJson("model.json", m =>
        {
            m["motions"]!["inbound"] = new JsonObject { ["fit"] = 45, ["intent"] = 40, ["behavior"] = 15 };
            m["dimensions"]!["behavior"]!["cap"] = 80;
        })
        .EditJson("tiers.json", w => RulesCopy.Rule(w, "tier.A")["Expression"] = "card.Fit >= 38 and card.Intent >= 28");
}
