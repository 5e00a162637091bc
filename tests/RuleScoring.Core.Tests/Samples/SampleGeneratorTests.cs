using RuleScoring.Core.Outcomes;
using RuleScoring.Core.Tests.Support;
using RuleScoring.SampleData;
using Xunit.Abstractions;

namespace RuleScoring.Core.Tests.Samples;

public sealed class SampleGeneratorTests(ITestOutputHelper log)
{
    private static readonly SampleOptions Year = new(Leads: 3_000, Seed: 7, End: Some.AsOf);

    [Fact]
    public void Generate_SameSeed_SameLeadsSignalsAndOutcomes()
    {
        var first = SampleGenerator.Generate(Year with { Leads = 200 }).ToList();
        var second = SampleGenerator.Generate(Year with { Leads = 200 }).ToList();

        Describe(second).ShouldBe(Describe(first));
        Describe(SampleGenerator.Generate(Year with { Leads = 200, Seed = 8 }).ToList()).ShouldNotBe(Describe(first));
    }

    [Fact]
    public void Generate_EveryEvent_LiesInsideThePeriodAndAfterTheLeadArrived()
    {
        foreach (var sample in SampleGenerator.Generate(Year with { Leads = 500 }))
        {
            sample.Lead.Signals.Count.ShouldBeLessThanOrEqualTo(Year.MaxSignals);
            foreach (var signal in sample.Lead.Signals)
            {
                signal.OccurredAt.ShouldBeLessThanOrEqualTo(Year.End);
                signal.OccurredAt.ShouldBeGreaterThanOrEqualTo(Year.End.AddDays(-Year.Days - 30));
            }

            if (sample.Deal is { ClosedAt: { } closed })
            {
                closed.ShouldBeLessThanOrEqualTo(Year.End);
                sample.Deal.Outcome.ShouldBeOneOf("won", "lost");
            }
        }
    }

    [Fact]
    public void Outcomes_DependOnFitAndIntent_SoTheDefaultModelSeparatesWonFromLost()
    {
        // Each closed deal scored the day before its opportunity opened, with only the
        // signals it had by then: what a rep would have seen at hand-off.
        var scorer = DefaultModel.Scorer();
        var closed = SampleGenerator.Generate(Year)
            .Where(s => s.Deal is { Outcome: "won" or "lost" })
            .Select(s => (Won: s.Deal!.Outcome == "won", Card: scorer.Score(s.Lead, s.Deal.CreatedAt.AddDays(-1))))
            .ToList();
        var won = closed.Count(c => c.Won);
        var lost = closed.Count - won;
        var auc = OutcomeMetrics.Auc(closed.Select(c => new ScoredOutcome(c.Card.LeadId, c.Card.Composite, c.Card.Tier!.Tier, c.Won ? DealOutcome.Won : DealOutcome.Lost)));
        var winRateA = WinRate(closed.Where(c => c.Card.Tier?.Tier == "A").Select(c => c.Won));
        var winRateD = WinRate(closed.Where(c => c.Card.Tier?.Tier == "D").Select(c => c.Won));
        log.WriteLine($"closed deals {closed.Count} (won {won}), AUC {auc:0.000}, win rate tier A {winRateA:P0}, tier D {winRateD:P0}");

        won.ShouldBeGreaterThan(50);
        lost.ShouldBeGreaterThan(50);
        auc!.Value.ShouldBeGreaterThan(0.62);
        winRateA.ShouldBeGreaterThan(winRateD + 0.15);
    }

    private static double WinRate(IEnumerable<bool> outcomes)
    {
        var list = outcomes.ToList();
        return list.Count == 0 ? 0 : list.Count(w => w) / (double)list.Count;
    }

    private static string Describe(List<SampleLead> samples) => string.Join('\n', samples.Select(s =>
        $"{s.Lead.LeadId} {string.Join('|', s.Lead.Attributes.OrderBy(a => a.Key).Select(a => a.Value))} " +
        $"{string.Join('|', s.Lead.Signals.Select(x => $"{x.Type}@{x.OccurredAt:O}"))} {s.Deal} {s.Disposition}"));
}
