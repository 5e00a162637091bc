using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RuleScoring.Replay.Data;
using RuleScoring.Replay.Metrics;
using RuleScoring.Replay.Reports;

namespace RuleScoring.Replay.Tests;

/// <summary>The verdict and the gate on hand-made replays: scores chosen per deal, metrics computed as a replay computes them.</summary>
public sealed class VerdictTests
{
    private static readonly DateTimeOffset At = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly RuleSet Rules = RuleSetLoader.Load(Repo.Rules);

    /// <summary>400 deals whose score carries some signal: the chance of a win grows with it.</summary>
    private static List<(decimal Score, bool Won)> Deals()
    {
        var random = new Random(16);
        return Enumerable.Range(0, 400).Select(_ =>
        {
            var score = (decimal)random.Next(0, 100);
            return (score, random.NextDouble() < 0.2 + 0.4 * (double)score / 100);
        }).ToList();
    }

    [Fact]
    public void Verdict_SmallConsistentGain_IsBetterOnThePairedIntervalThoughEachVersionsIntervalOverlaps()
    {
        // Head adds 3 points to every won deal: a small gain, the same on every resample.
        var report = Report(Deals().Select(d => (d.Score, d.Score + (d.Won ? 3 : 0), d.Won)).ToList());

        report.Head.AucLow!.Value.ShouldBeLessThan(report.Base.Auc!.Value, "each version's own interval holds the other's AUC: alone they could not tell");
        report.PairedAucDifference!.Low.ShouldBeGreaterThan(0);
        Verdict.Of(report).ShouldStartWith("**better**");
        Verdict.Of(report).ShouldContain($"paired 95 % CI {Format.Signed(report.PairedAucDifference.Low)} to {Format.Signed(report.PairedAucDifference.High)})");
        Verdict.Of(report with { PairedAucDifference = new ConfidenceInterval(-0.02, -0.0002) }).ShouldContain("paired 95 % CI -0.020 to -0.000)", Case.Sensitive, "a clear interval never reads 'to 0'");
    }

    [Fact]
    public void Verdict_TinyDropThatCostsTopTierWins_IsAboutTheSameAndSaysWhatMoved()
    {
        // Head drops eight won deals at the top of tier A just below it: top tier lift falls, the AUC barely moves.
        var deals = Deals();
        var dropped = deals.Select((d, i) => (d, i)).Where(x => x.d.Won && x.d.Score >= 70).Take(8).Select(x => x.i).ToHashSet();
        var report = Report(deals.Select((d, i) => (d.Score, dropped.Contains(i) ? 69m : d.Score, d.Won)).ToList());

        (report.Base.TopTierLift - report.Head.TopTierLift)!.Value.ShouldBeGreaterThan(0.05);
        Math.Abs(report.Head.Auc!.Value - report.Base.Auc!.Value).ShouldBeLessThan(0.005);
        var verdict = Verdict.Of(report);
        verdict.ShouldStartWith("**about the same**");
        verdict.ShouldContain("Moved: top tier lift fell");
    }

    [Fact]
    public void Verdict_SameScoresButNoMql_SaysVolumeMovedAndTheGateFails()
    {
        var report = Report(Deals().Select(d => (d.Score, d.Score, d.Won)).ToList(), headMql: false);

        report.TierMoved.ShouldBe(0);
        var verdict = Verdict.Of(report);
        verdict.ShouldStartWith("**volume moved**");
        verdict.ShouldContain($"MQL volume {Format.Count(report.Base.Mql)} -> 0 (-100.0 %), beyond the 20 % tolerance");
        report.GateFailures.ShouldContain(f => f.StartsWith("MQL volume fell to 0", StringComparison.Ordinal));
        Verdict.Of(report with { VolumeTolerance = 1.5 }).ShouldStartWith("**no change**", Case.Sensitive, "a tolerance of 150 % lets a fall to zero through");
    }

    [Fact]
    public void Gate_HeadThatEmptiesATier_FailsWithoutAnyGateOption()
    {
        // No deal reaches tier A under head: every score capped just below it.
        var report = Report(Deals().Select(d => (d.Score, Math.Min(d.Score, 69m), d.Won)).ToList());

        report.GateFailures.ShouldContain(f => f.StartsWith("tier A emptied:", StringComparison.Ordinal));
        report.GateFailures.ShouldContain(f => f.StartsWith("SQL volume fell to 0", StringComparison.Ordinal));
    }

    private static ReplayReport Report(IReadOnlyList<(decimal Base, decimal Head, bool Won)> deals, bool headMql = true)
    {
        var cases = deals.Select((d, i) => new ReplayedCase(new ReplayCase(Lead.Create($"L-{i:0000}"), At, d.Won, null, 0), Score(d.Base, true), Score(d.Head, headMql))).ToList();
        var report = MetricsBuilder.Build(new ReplayData(cases.Select(c => c.Case).ToList(), 0, 0, "hand-made"), cases, ("base", Rules), ("head", Rules), "as of a date", null);
        return report with { GateFailures = new Gate(null, false, null).Check(report) };
    }

    /// <summary>Tiers by score as a playbook might cut them: A from 70 (MQL and SQL), B from 40 (MQL), C below.</summary>
    private static ReplayScore Score(decimal score, bool mql) =>
        new(score, score >= 70 ? "A" : score >= 40 ? "B" : "C", mql && score >= 40, mql && score >= 70, [], [], []);
}
