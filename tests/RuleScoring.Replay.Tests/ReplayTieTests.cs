namespace RuleScoring.Replay.Tests;

public sealed class ReplayTieTests(ReplayFixture data) : IClassFixture<ReplayFixture>
{
    [Fact]
    public void Replay_EveryScoreEqual_TopSharesAreTheFractionsAndTheReportSaysSo()
    {
        // 40 identical leads, the first 10 won: ordered by lead id the wins would all rank first.
        var leads = Enumerable.Range(0, 40).Select(i => DealFolder.Lead($"T-{i:00}")).ToList();
        var deals = Enumerable.Range(0, 40).Select(i => $"T-{i:00},{(i < 10 ? "won" : "lost")},2026-10-01T00:00:00Z,2026-11-01T00:00:00Z").ToList();
        var folder = DealFolder.Write(data.Folder, leads, deals);
        var rules = data.RulesCopy("ties");

        var (code, output, error, report, outDir) = data.Replay(rules, rules, data: folder);

        code.ShouldBe(0, error);
        var shares = report.GetProperty("head").GetProperty("top_shares").EnumerateArray()
            .Select(t => (t.GetProperty("fraction").GetDouble(), t.GetProperty("share_of_wins").GetDouble())).ToList();
        shares.ShouldAllBe(t => Math.Abs(t.Item1 - t.Item2) < 1e-9);
        report.GetProperty("head").GetProperty("auc").GetDouble().ShouldBe(0.5, 1e-12);
        output.ShouldContain("| wins held by the top 15 % | 15.0 % | 15.0 %");
        output.ShouldContain("**Ties:** 100.0 % of leads share one composite");
        File.ReadAllText(Path.Combine(outDir, "report.html")).ShouldContain("points=\"0,200 200,0\"", Case.Sensitive, "the lift curve of all-equal scores is the diagonal");
    }
}
