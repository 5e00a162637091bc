using RuleScoring.Core.Leads;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Scoring;

public sealed class ScoreCardJsonTests
{
    [Fact]
    public void Parse_SerializedSampleCards_RebuildsTheSameCard()
    {
        var path = Path.Combine(Repo.Root, "src", "RuleScoring.Cli", "Samples", "leads.jsonl");
        var cards = LeadJsonReader.Read(File.ReadAllText(path))
            .Select(r => DefaultModel.Scorer().Score(r.Lead.ShouldNotBeNull(), Some.AsOf))
            .ToList();
        cards.ShouldContain(c => c.Disqualified, "the samples must include a disqualified lead for this test to mean anything");

        foreach (var card in cards)
        {
            var json = ScoreCardJson.Serialize(card);
            var back = ScoreCardJson.Parse(json);

            ScoreCardJson.Serialize(back).ShouldBe(json);
            back.Reasons.Select(r => r.Disqualifier).ShouldBe(card.Reasons.Select(r => r.Disqualifier));
            back.Reasons.Sum(r => r.Points).ShouldBe(card.Reasons.Sum(r => r.Points));
            back.Tier.ShouldBe(card.Tier);
            back.Dimensions.ShouldBe(card.Dimensions);
        }
    }

    [Fact]
    public void Parse_NotACard_ThrowsFormatException()
    {
        Should.Throw<FormatException>(() => ScoreCardJson.Parse("{\"lead_id\": \"x\"}"));
        Should.Throw<FormatException>(() => ScoreCardJson.Parse("not json"));
    }
}
