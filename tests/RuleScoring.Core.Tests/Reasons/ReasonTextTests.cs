using RuleScoring.Core.Reasons;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Reasons;

/// <summary>
/// A reason's text is written from its rule's template and numbers when first read, not when the
/// lead is scored or its card stored (issue 19), and reads, compares and encodes as the written
/// text would.
/// </summary>
public sealed class ReasonTextTests
{
    private static readonly ReasonTemplate Views = ReasonTemplate.Parse("Viewed pricing {count} times, most recently {age}: {topics}");

    private static Reason Deferred(int count = 3, int? age = 2, decimal points = 12.5m, string[]? topics = null, ReasonTemplate? template = null) =>
        new("intent.pricing", "intent", points, 25m, 0.5m, count, age, template ?? Views, topics ?? ["crm", "api"], false);

    private static Reason Written(string text, int count = 3, int? age = 2, decimal points = 12.5m) =>
        new("intent.pricing", "intent", points, 25m, 0.5m, count, age, text, false);

    [Fact]
    public void Scoring_AndEncodingTheCard_WriteNoText_ReadingItDoes()
    {
        var scorer = DefaultModel.Scorer();
        var template = CardTemplate.Parse(scorer.CardTemplate.Json);
        var cards = Some.Generated(300, seed: 5).Select(l => scorer.Score(l, Some.AsOf)).ToList();
        cards.Sum(c => c.Reasons.Count).ShouldBeGreaterThan(300);

        foreach (var card in cards)
        {
            template.Encode(card, 1).ShouldNotBeNull();
            card.Reasons.ShouldAllBe(r => !r.TextFilled, $"{card.LeadId}: a text was filled in while scoring or encoding");
        }

        var deferred = cards.SelectMany(c => c.Reasons).Where(r => r.TextDeferred).ToList();
        deferred.Count.ShouldBeGreaterThan(100, "reasons whose texts show counts, ages, points or topics");
        deferred[0].Text.ShouldNotBeNullOrWhiteSpace();
        deferred[0].TextFilled.ShouldBeTrue();
        cards.SelectMany(c => c.Reasons).ShouldContain(r => !r.TextDeferred, "a template with no placeholder is its text already");
    }

    [Fact]
    public void DeferredText_IsTheTemplateFilledWithTheReasonsNumbers()
    {
        Deferred().Text.ShouldBe("Viewed pricing 3 times, most recently 2 days ago: crm, api");
        Deferred(count: 1, age: 0, topics: []).Text.ShouldBe("Viewed pricing 1 times, most recently today: ");
    }

    [Fact]
    public void Equality_DeferredAndWrittenTexts_CompareAsText()
    {
        var deferred = Deferred();
        var same = Written("Viewed pricing 3 times, most recently 2 days ago: crm, api");

        deferred.ShouldBe(same);
        same.ShouldBe(Deferred());
        deferred.GetHashCode().ShouldBe(same.GetHashCode());
        Deferred().ShouldBe(Deferred());
        Deferred().ShouldNotBe(Deferred(topics: ["crm"]));
        Deferred().ShouldNotBe(Written("Viewed pricing 3 times, most recently 2 days ago: crm"));
        Deferred().ShouldNotBe(Deferred(template: ReasonTemplate.Parse("Pricing {count}x, {age}: {topics}")));
        // Two templates of different text may still write the same text: equal as texts.
        Deferred(template: ReasonTemplate.Parse("Viewed pricing 3 times, most recently {age}: {topics}")).ShouldBe(Deferred());
    }

    [Fact]
    public void With_OtherNumbers_KeepsTheTextTheReasonWasMadeWith()
    {
        // As a written text would: `with` copies the text, it does not write it again.
        var moved = Deferred() with { Points = 20m, EvidenceCount = 9 };

        moved.Text.ShouldBe(Deferred().Text);
        moved.HasTextOf(Views, ["crm", "api"]).ShouldBeFalse("the template with the new numbers writes another text");
        (Deferred() with { Text = "said yes on a call" }).Text.ShouldBe("said yes on a call");
    }

    [Fact]
    public void HasTextOf_ComparesWithTheTemplatesText()
    {
        Deferred().HasTextOf(ReasonTemplate.Parse("Viewed pricing {count} times, most recently {age}: {topics}"), ["crm", "api"]).ShouldBeTrue();
        Deferred().HasTextOf(Views, ["crm"]).ShouldBeFalse();
        Deferred().HasTextOf(ReasonTemplate.Parse("Pricing {count}x"), ["crm", "api"]).ShouldBeFalse();
        Written("Viewed pricing 3 times, most recently 2 days ago: crm, api").HasTextOf(Views, ["crm", "api"]).ShouldBeTrue();
        Written("Viewed pricing 3 times, most recently 2 days ago: crm, api").HasTextOf(Views, []).ShouldBeFalse();
    }
}
