using RuleScoring.Core.Outcomes;

namespace RuleScoring.Core.Tests.Outcomes;

public sealed class OutcomeMetricsTests
{
    private static ScoredOutcome Lead(decimal composite, DealOutcome outcome, string tier = "C", string? id = null) =>
        new(id ?? $"L-{composite}-{outcome}-{Guid.NewGuid():N}", composite, tier, outcome);

    [Fact]
    public void Auc_PerfectSeparation_IsOneAndReversedIsZero()
    {
        OutcomeMetrics.Auc([Lead(90, DealOutcome.Won), Lead(80, DealOutcome.Won), Lead(20, DealOutcome.Lost)]).ShouldBe(1.0);
        OutcomeMetrics.Auc([Lead(10, DealOutcome.Won), Lead(80, DealOutcome.Lost), Lead(70, DealOutcome.Lost)]).ShouldBe(0.0);
    }

    [Fact]
    public void Auc_TiesCountHalf_AndOpenOrNoDealIsIgnored()
    {
        OutcomeMetrics.Auc([Lead(50, DealOutcome.Won), Lead(50, DealOutcome.Lost), Lead(99, DealOutcome.Open), Lead(0, DealOutcome.None)]).ShouldBe(0.5);
    }

    [Fact]
    public void Auc_OneSideEmpty_IsNull()
    {
        OutcomeMetrics.Auc([Lead(50, DealOutcome.Won), Lead(60, DealOutcome.Open)]).ShouldBeNull();
    }

    [Fact]
    public void Auc_RandomScores_EqualsThePairwiseDefinition()
    {
        var random = new Random(3);
        for (var run = 0; run < 20; run++)
        {
            var leads = Enumerable.Range(0, random.Next(2, 200))
                .Select(i => Lead(random.Next(0, 20) * 5, random.Next(3) == 0 ? DealOutcome.Won : DealOutcome.Lost, id: $"L{i}"))
                .ToList();
            var won = leads.Where(l => l.Outcome == DealOutcome.Won).ToList();
            var lost = leads.Where(l => l.Outcome == DealOutcome.Lost).ToList();
            if (won.Count == 0 || lost.Count == 0)
            {
                continue;
            }

            var pairwise = won.Sum(w => lost.Sum(l => w.Composite > l.Composite ? 1.0 : w.Composite == l.Composite ? 0.5 : 0)) / (won.Count * (double)lost.Count);
            OutcomeMetrics.Auc(leads)!.Value.ShouldBe(pairwise, 1e-12);
        }
    }

    [Fact]
    public void ByCompositeBand_BandEdgesBelongToTheBandTheyStart()
    {
        var rows = OutcomeMetrics.ByCompositeBand([Lead(49.9m, DealOutcome.None), Lead(50, DealOutcome.Won), Lead(89.9m, DealOutcome.Lost), Lead(90, DealOutcome.Won), Lead(100, DealOutcome.None)]);

        rows.Select(r => (r.Group, r.Leads)).ShouldBe([("<50", 1), ("50-60", 1), ("60-70", 0), ("70-80", 0), ("80-90", 1), ("90+", 2), ("all", 5)]);
    }

    [Fact]
    public void ByTier_CountsAddUpAndLiftIsConversionOverTheBaseRate()
    {
        ScoredOutcome[] leads =
        [
            Lead(90, DealOutcome.Won, "A"), Lead(85, DealOutcome.Lost, "A"),
            Lead(40, DealOutcome.Open, "C"), Lead(30, DealOutcome.None, "C"), Lead(20, DealOutcome.Won, "C"), Lead(10, DealOutcome.None, "D"),
        ];

        var rows = OutcomeMetrics.ByTier(leads, ["A", "B", "C", "D"]);

        rows.Select(r => r.Group).ShouldBe(["A", "B", "C", "D", "all"]);
        rows.Take(4).Sum(r => r.Leads).ShouldBe(6);
        var a = rows[0];
        (a.Leads, a.Opportunities, a.Closed, a.Won).ShouldBe((2, 2, 2, 1));
        a.WinRate.ShouldBe(0.5);
        a.Conversion.ShouldBe(0.5);
        a.Lift!.Value.ShouldBe(0.5 / (2 / 6.0), 1e-12);
        rows[1].Lift.ShouldBeNull();
        rows[2].WinRate.ShouldBe(1.0);
    }

    [Fact]
    public void ShareOfWinsInTop_CountsWinsAmongTheHighestScores()
    {
        var leads = Enumerable.Range(0, 10).Select(i => Lead(i * 10, i is 9 or 8 or 2 ? DealOutcome.Won : DealOutcome.None, id: $"L{i}")).ToList();

        OutcomeMetrics.ShareOfWinsInTop(leads, 0.2).ShouldBe(2 / 3.0);
        OutcomeMetrics.ShareOfWinsInTop(leads, 1.0).ShouldBe(1.0);
        OutcomeMetrics.ShareOfWinsInTop(leads.Select(l => l with { Outcome = DealOutcome.None }).ToList(), 0.5).ShouldBeNull();
    }

    [Fact]
    public void ByDispositionTier_RejectedShareIsTheFalsePositiveRate_ReasonsMergedAndRankedPerTier()
    {
        var rows = OutcomeMetrics.ByDispositionTier(
        [
            new("B", "accepted", "(no reason)", 3), new("B", "rejected", "no budget", 1), new("A", "rejected", "student", 2),
            new("A", "accepted", "(no reason)", 6), new("A", "rejected", "no budget", 1), new("A", "rejected", "student", 1),
            new("A", "rejected", "competitor", 3), new("A", "rejected", "wrong country", 1), new("A", "other", "x", 9),
        ], topReasons: 2);

        rows.Select(r => r.Tier).ShouldBe(["A", "B"]);
        var a = rows[0];
        (a.Accepted, a.Rejected, a.Total).ShouldBe((6L, 8L, 14L), "an unknown status is not a verdict");
        a.FalsePositiveRate!.Value.ShouldBe(8 / 14.0, 1e-12);
        a.AcceptanceRate!.Value.ShouldBe(6 / 14.0, 1e-12);
        a.TopRejectionReasons.ShouldBe([new RejectionReason("competitor", 3), new RejectionReason("student", 3)], "same reason in two rows adds up; ties by reason");
        rows[1].FalsePositiveRate!.Value.ShouldBe(0.25);
    }

    [Fact]
    public void ByDispositionTier_TierWithoutVerdicts_HasNoRate()
    {
        var row = OutcomeMetrics.ByDispositionTier([new("C", "pending", "", 1)]).Single();

        row.FalsePositiveRate.ShouldBeNull();
        row.TopRejectionReasons.ShouldBeEmpty();
    }
}
