namespace RuleScoring.Replay.Metrics;

/// <summary>The most common score among the replayed deals and the share of deals that have it (1 = every score equal).</summary>
internal sealed record TieGroup(decimal Score, double Share)
{
    /// <summary>From this share on the report warns: ranked metrics then say little about the order inside the group.</summary>
    public const double Large = 0.2;

    public bool IsLarge => Share >= Large;
}
