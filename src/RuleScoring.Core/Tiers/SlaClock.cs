namespace RuleScoring.Core.Tiers;

/// <summary>What a tier's SLA counts (tiers.json's <c>slaClock</c>).</summary>
public enum SlaClock
{
    /// <summary>Every hour from the lead's entry to the tier (the default).</summary>
    Wall,

    /// <summary>Only the assigned rep's working hours in their own time zone; wall clock when nobody is assigned.</summary>
    Business,
}
