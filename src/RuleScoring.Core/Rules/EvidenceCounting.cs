namespace RuleScoring.Core.Rules;

/// <summary>How a rule turns its evidence into points.</summary>
public enum EvidenceCounting
{
    /// <summary>Points once, decayed by the age of the most recent evidence.</summary>
    Once,
    /// <summary>Points for each evidence event (most recent first, up to max), each decayed by its own age.</summary>
    PerEvent,
    /// <summary>Points for each distinct topic (e.g. each feature used), decayed by that topic's most recent event.</summary>
    PerTopic,
}
