using RuleScoring.Core.Statistics;

namespace RuleScoring.Core.Tests.Statistics;

public sealed class RocTests
{
    [Fact]
    public void Auc_WithTies_IsTheShareOfWonLostPairsWonOutscoresTiesCountingHalf()
    {
        (float Score, bool Won)[] scored = [(0.9f, true), (0.5f, true), (0.5f, false), (0.5f, false), (0.1f, true), (0.1f, false)];
        var pairs = scored.Where(w => w.Won).SelectMany(w => scored.Where(l => !l.Won), (w, l) => w.Score > l.Score ? 1.0 : w.Score == l.Score ? 0.5 : 0).ToList();

        Roc.Auc(scored).ShouldBe(pairs.Average());
        Roc.Auc(scored.Select(s => ((decimal)s.Score, s.Won))).ShouldBe(pairs.Average(), "the same for any score type");
    }

    [Fact]
    public void Auc_OneSideEmpty_IsNull() => Roc.Auc<int>([(1, true), (2, true)]).ShouldBeNull();
}
