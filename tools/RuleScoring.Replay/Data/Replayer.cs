using RuleScoring.Core.Scoring;

namespace RuleScoring.Replay.Data;

/// <summary>Scores every case with both versions (in parallel: LeadScorer is thread-safe).</summary>
internal static class Replayer
{
    public static IReadOnlyList<ReplayedCase> Run(IReadOnlyList<ReplayCase> cases, LeadScorer @base, LeadScorer head, Action<int>? progress = null)
    {
        var results = new ReplayedCase[cases.Count];
        var done = 0;
        Parallel.For(0, cases.Count, i =>
        {
            var c = cases[i];
            results[i] = new ReplayedCase(c, @base.Score(c.Lead, c.AsOf), head.Score(c.Lead, c.AsOf));
            var n = Interlocked.Increment(ref done);
            if (n % 5000 == 0)
            {
                progress?.Invoke(n);
            }
        });
        progress?.Invoke(cases.Count);
        return results;
    }
}
