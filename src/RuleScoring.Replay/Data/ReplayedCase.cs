namespace RuleScoring.Replay.Data;

/// <summary>One deal scored by both versions at the same point in time.</summary>
internal sealed record ReplayedCase(ReplayCase Case, ReplayScore Base, ReplayScore Head)
{
    public string BaseTier => Base.Tier;

    public string HeadTier => Head.Tier;

    public bool TierMoved => BaseTier != HeadTier;
}
