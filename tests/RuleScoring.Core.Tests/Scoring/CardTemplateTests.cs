using RuleScoring.Core.Leads;
using RuleScoring.Core.Reasons;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tests.Support;
using Xunit.Abstractions;

namespace RuleScoring.Core.Tests.Scoring;

/// <summary>
/// A compact card (what varies per lead, against its rule set's <see cref="CardTemplate"/>) reads
/// back as the card scored, byte for byte in <see cref="ScoreCardJson"/>: on generated leads
/// (tiers, disqualified, account model), cards with errors or no tier, the bundled samples and
/// the dataset examples; and a card the template cannot rebuild is refused, never stored lossy.
/// </summary>
public sealed class CardTemplateTests(ITestOutputHelper output)
{

    [Fact]
    public void GeneratedLeads_UnderShippedRules_EveryCardIsCompactAndReadsBackTheSame()
    {
        var cards = RoundTrip(DefaultModel.Scorer(), Some.Generated(3_000, seed: 21));

        DefaultModel.RuleSet.Accounts.ShouldNotBeNull("the shipped rules are an account model");
        cards.Select(c => c.Tier?.Tier).Distinct().Count().ShouldBeGreaterThan(3);
        cards.ShouldContain(c => c.Disqualified);
        cards.ShouldContain(c => c.NextChangeAt != null);
        cards.ShouldContain(c => c.Reasons.Any(r => r.EvidenceAgeDays != null && r.Multiplier < 1));
    }

    [Fact]
    public void BundledSamples_UnderEveryMotion_ReadBackTheSame()
    {
        var leads = LeadJsonReader.Read(File.ReadAllText(Repo.SampleLeads)).Select(r => r.Lead.ShouldNotBeNull()).ToList();
        var scorer = DefaultModel.Scorer();
        foreach (var motion in DefaultModel.RuleSet.Motions.Keys)
        {
            RoundTrip(scorer, leads, motion);
        }
    }

    [Fact]
    public void CardsWithErrorsOrNoTier_ReadBackTheSame()
    {
        // fit.executive throws on short titles; the catch-all tier only catches composite 0, so some cards get no tier.
        using var rules = new RulesCopy()
            .EditJson("fit.json", w => RulesCopy.Rule(w, "fit.executive")["Expression"] = "lead.Title.Length > 0 and lead.Title.Substring(12) != \"zz\"")
            .EditJson("tiers.json", w => RulesCopy.Rule(w, "tier.D")["Expression"] = "card.Composite < 1");
        var scorer = new LeadScorer(RuleSetLoader.Load(rules.Directory));

        var cards = RoundTrip(scorer, Some.Generated(1_500, seed: 22));

        cards.ShouldContain(c => c.Tier == null);
        cards.ShouldContain(c => c.Errors.Any(e => e.StartsWith("fit.executive: ", StringComparison.Ordinal)));
    }

    [Fact]
    public void ReasonTextNotTheTemplates_IsKeptInTheCompactCard()
    {
        var card = DefaultModel.Score(Some.IdealCustomer());
        var edited = card with { Reasons = card.Reasons.Select((r, i) => i == 0 ? r with { Text = "said \"yes\" on a call, twice" } : r).ToArray() };
        var template = DefaultModel.Scorer().CardTemplate;

        var compact = template.Encode(edited, 7).ShouldNotBeNull();

        CardTemplate.TemplateIdOf(compact).ShouldBe(7);
        ScoreCardJson.Serialize(template.Decode(compact)).ShouldBe(ScoreCardJson.Serialize(edited));
    }

    [Fact]
    public void CardTheTemplateCannotRebuild_IsNotEncoded()
    {
        var card = DefaultModel.Score(Some.IdealCustomer());
        var template = DefaultModel.Scorer().CardTemplate;
        var reason = card.Reasons[0];

        template.Encode(card with { Reasons = [reason with { Code = "fit.not_a_rule" }] }, 1).ShouldBeNull("a code the rules do not have");
        template.Encode(card with { Reasons = [reason with { Points = reason.Points + 1 }] }, 1).ShouldBeNull("points that do not add up to the dimensions");
        template.Encode(card with { Composite = card.Composite + 1 }, 1).ShouldBeNull("a composite the weights do not give");
        template.Encode(card with { Rules = card.Rules with { Hash = "sha256:other" } }, 1).ShouldBeNull("another rule set");
        template.Encode(card with { Motion = "outbound-by-pigeon" }, 1).ShouldBeNull("a motion the rules do not have");
        template.Encode(card with { Tier = card.Tier! with { SalesAction = "call now" } }, 1).ShouldBeNull("a tier action the rules do not say");
    }

    [Fact]
    public void Template_ReadsBackFromItsStoredForm()
    {
        var template = DefaultModel.Scorer().CardTemplate;

        var read = CardTemplate.Parse(template.Json);

        read.Json.ShouldBe(template.Json);
        read.Rules.ShouldBe(DefaultModel.RuleSet.Identity);
        Should.Throw<FormatException>(() => CardTemplate.Parse("{\"format\":99}")).Message.ShouldContain("newer than this build");
        Should.Throw<FormatException>(() => template.Decode("[1,1,\"L-1\"]"));
        CardTemplate.IsCompact(ScoreCardJson.Serialize(DefaultModel.Score(Some.IdealCustomer()))).ShouldBeFalse();
    }

    [Fact]
    public void DamagedCompactCards_AreRefusedAsNotACard_NeverAnotherError()
    {
        // A stored card read back by explain, the roll-up or a reweigh: a damaged one must say it is
        // not a card of this template (FormatException), not fail somewhere inside the reader.
        var scorer = DefaultModel.Scorer();
        var template = scorer.CardTemplate;
        var compacts = Some.Generated(60, seed: 23).Select(l => template.Encode(scorer.Score(l, Some.AsOf), 3).ShouldNotBeNull()).ToList();
        string[] replacements = ["null", "\"x\"", "[]", "[[]]", "{}", "-1", "1.5", "99999999999", "1e400", "true"];
        var decoded = 0;
        foreach (var compact in compacts)
        {
            for (var cut = 0; cut < compact.Length; cut++)
            {
                Should.Throw<FormatException>(() => template.Decode(compact[..cut]), $"cut at {cut}: {compact[..cut]}");
            }

            Should.Throw<FormatException>(() => template.Decode(compact + "[]"), "something after the card");
            Should.Throw<FormatException>(() => template.Decode(compact[..^1] + ",[],[]]"), "ten elements");

            // Each value in turn replaced by something of another kind.
            var values = System.Text.RegularExpressions.Regex.Matches(compact, "-?[0-9][0-9.eE+-]*|\"[^\"]*\"|null");
            foreach (System.Text.RegularExpressions.Match value in values)
            {
                foreach (var replacement in replacements)
                {
                    var damaged = compact[..value.Index] + replacement + compact[(value.Index + value.Length)..];
                    try
                    {
                        template.Decode(damaged);
                        decoded++;
                    }
                    catch (FormatException)
                    {
                    }
                    catch (Exception ex)
                    {
                        throw new ShouldAssertException($"{damaged}: {ex.GetType().Name}: {ex.Message}", ex);
                    }
                }
            }
        }

        // Some damage still reads as a card (another lead id, a template id is not checked here): the rest is refused.
        decoded.ShouldBeGreaterThan(0);
    }

    [SkippableTheory]
    [InlineData("bank-marketing")]
    [InlineData("crm-sales-opportunities")]
    [InlineData("x-education")]
    public void DatasetExample_OnItsRealRows_EveryCardReadsBackTheSame(string example)
    {
        var leads = DatasetRows.ForOrSkip(example, max: 5_000);

        var cards = RoundTrip(new LeadScorer(RuleSetLoader.Load(Path.Combine(Repo.Rules, "examples", example))), leads);

        cards.SelectMany(c => c.Reasons).Select(r => r.Code).Distinct().Count().ShouldBeGreaterThan(3);
    }

    /// <summary>
    /// Scores the leads and encodes each card through the template's stored form; fails on the
    /// first cards that do not encode or read back differently. Returns the cards.
    /// </summary>
    private List<ScoreCard> RoundTrip(LeadScorer scorer, IReadOnlyList<Lead> leads, string? motion = null)
    {
        var template = CardTemplate.Parse(scorer.CardTemplate.Json);
        var cards = new List<ScoreCard>(leads.Count);
        var problems = new List<string>();
        long compactBytes = 0, fullBytes = 0;
        foreach (var lead in leads)
        {
            var card = scorer.Score(lead, Some.AsOf, motion);
            // Encoded before any text is read, as a rescore stores cards (texts written only when read).
            var compact = template.Encode(card, 3);
            var json = ScoreCardJson.Serialize(card);
            if (compact is null)
            {
                problems.Add($"{lead.LeadId}: not encoded: {json}");
            }
            else if (ScoreCardJson.Serialize(template.Decode(compact)) is var read && read != json)
            {
                problems.Add($"{lead.LeadId}:\n  scored: {json}\n  read:   {read}");
            }
            else
            {
                compactBytes += compact.Length;
                fullBytes += json.Length;
            }

            cards.Add(card);
        }

        problems.Take(3).ShouldBeEmpty();
        output.WriteLine($"{leads.Count:N0} cards: {fullBytes / Math.Max(1, leads.Count):N0} characters whole, {compactBytes / Math.Max(1, leads.Count):N0} compact (average)");
        return cards;
    }
}
