using RuleScoring.Core.Scoring;

namespace RuleScoring.Replay.Data;

/// <summary>One deal scored by both versions at the same point in time.</summary>
internal sealed record ReplayedCase(ReplayCase Case, ScoreCard Base, ScoreCard Head)
{
    public string BaseTier => Base.Tier?.Tier ?? "-";

    public string HeadTier => Head.Tier?.Tier ?? "-";

    public bool TierMoved => BaseTier != HeadTier;
}
