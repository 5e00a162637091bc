namespace RuleScoring.Replay.Metrics;

/// <summary>The most common score among the replayed deals and the share of deals that have it (1 = every score equal).</summary>
internal sealed record TieGroup(decimal Score, double Share)
{
    public bool IsLarge => Share >= Core.Outcomes.RankedShares.LargeTieShare;
}
