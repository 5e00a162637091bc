namespace RuleScoring.Core.Governance;

/// <summary>Which part of the rules folder a change is in; reports group changes by it.</summary>
public enum ChangeArea
{
    ScoringRule,
    TierRule,
    Dimension,
    Motion,
    DecayProfile,
    List,
    Signal,
    Governance,
    Model,
    /// <summary>routing.json, teams.json, plays.json.</summary>
    Routing,
    /// <summary>webhooks.json: where tier changes, routes and breaches are pushed.</summary>
    Webhooks,
}
