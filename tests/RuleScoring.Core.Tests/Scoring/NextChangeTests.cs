using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Scoring;

/// <summary>
/// A card's <see cref="ScoreCard.NextChangeAt"/> is a promise: scored again at any time before it,
/// with no new signal, the lead gets the same card (the same rules fired, the same points, counts
/// and tier). The worker leaves a lead alone until then, so a promise kept too long is a score
/// left wrong. Ages in reason texts move with the clock and are not part of the promise.
/// </summary>
public sealed class NextChangeTests
{
    [Fact]
    public void WindowedCount_DropsWhenItsOldestEventLeavesTheWindow_NotWhenTheNewestDecays()
    {
        // Three pricing views: two 27 days old, one 9. "3 in 30 days" holds until the old two turn
        // 31 days old, 4 days from now; the newest view's next decay step (day 15) is 6 days away.
        var lead = Some.IdealCustomer().Signal("pricing_view", 27).Signal("pricing_view", 27).Signal("pricing_view", 9);

        var card = DefaultModel.Score(lead);

        card.Reasons.ShouldContain(r => r.Code == "intent.pricing_deep");
        card.NextChangeAt.ShouldBe(Some.AsOf.AddDays(4));
        var later = DefaultModel.Scorer().Score(lead.Build(), Some.AsOf.AddDays(4));
        later.Reasons.ShouldNotContain(r => r.Code == "intent.pricing_deep");
    }

    [Fact]
    public void GeneratedLeads_ScoredAgainJustBeforeTheirNextChange_KeepTheirCards()
    {
        AssertPromisesKept(DefaultModel.Scorer(), Some.Generated(2_000, seed: 21));
    }

    [SkippableTheory]
    [InlineData("bank-marketing")]
    [InlineData("crm-sales-opportunities")]
    [InlineData("x-education")]
    public void DatasetExample_OnItsRealRows_ScoredAgainJustBeforeTheirNextChange_KeepTheirCards(string example)
    {
        var leads = DatasetRows.ForOrSkip(example, max: 3_000);

        AssertPromisesKept(new LeadScorer(RuleSetLoader.Load(Path.Combine(Repo.Rules, "examples", example))), leads, minimumChecked: leads.Count / 2);
    }

    [Fact]
    public void RulesReadingAgesDirectly_PromiseNoLongerThanTheAnswersTheyReadHold()
    {
        // Ops can write any expression: a lead gone quiet, a count over a window written in the
        // expression rather than the rule's evidence, every event's age read one by one.
        using var rules = new RulesCopy()
            .EditJson("behavior.json", w => RulesCopy.Rule(w, "behavior.email_click")["Expression"] = "signals.DaysSinceLast(\"email_click\") > 5")
            .EditJson("behavior.json", w => RulesCopy.Rule(w, "behavior.newsletter_open")["Expression"] = "signals.Events.Count(e => e.AgeDays <= 12) >= 4")
            .EditJson("intent.json", w => RulesCopy.Rule(w, "intent.pricing_single")["Expression"] =
                "signals.MaxValue(\"pricing_view\", 3) >= 0 and signals.DistinctTopics(\"feature_used\", 9) < 2 and signals.CountGroup(\"bofu\", 4) < 1");
        var scorer = new LeadScorer(RuleSetLoader.Load(rules.Directory));

        AssertPromisesKept(scorer, Some.Generated(1_000, seed: 22));
    }


    /// <summary>Each lead scored now, then again 1 second before its next change and at a point in between.</summary>
    private static void AssertPromisesKept(LeadScorer scorer, IReadOnlyList<Lead> leads, int? minimumChecked = null)
    {
        var random = new Random(5);
        var checkedLater = 0;
        foreach (var lead in leads)
        {
            var card = scorer.Score(lead, Some.AsOf);
            var until = card.NextChangeAt ?? Some.AsOf.AddDays(400);
            // Signals dated after the as-of arrive on their own (the worker finds them); stop before the first.
            var pending = lead.Signals.Where(s => s.OccurredAt > Some.AsOf).Select(s => (DateTimeOffset?)s.OccurredAt).Min();
            if (pending is { } arrives && arrives <= until)
            {
                until = arrives;
            }

            if (until <= Some.AsOf.AddSeconds(1))
            {
                continue;
            }

            var span = (until - Some.AsOf).TotalSeconds - 1;
            foreach (var at in new[] { until.AddSeconds(-1), Some.AsOf.AddSeconds(Math.Floor(random.NextDouble() * span)) })
            {
                Same(card, scorer.Score(lead, at));
                checkedLater++;
            }
        }

        checkedLater.ShouldBeGreaterThan(minimumChecked ?? leads.Count, "most leads must have a later time to check");
    }

    private static void Same(ScoreCard now, ScoreCard later)
    {
        static string Shape(ScoreCard c) => string.Join("; ", c.Reasons.OrderBy(r => r.Code, StringComparer.Ordinal)
            .Select(r => $"{r.Code} {r.Points} x{r.EvidenceCount}")) + $" | {c.Composite} {c.Tier?.Rule} {string.Join(",", c.Errors)}";

        Shape(later).ShouldBe(Shape(now), $"{now.LeadId}: scored at {now.AsOf:O} with next change {now.NextChangeAt:O}, again at {later.AsOf:O}");
    }
}
