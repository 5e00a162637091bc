namespace RuleScoring.Core.Outcomes;

/// <summary>Where a lead's deal stands: none yet, open, or closed won / lost.</summary>
public enum DealOutcome
{
    None,
    Open,
    Won,
    Lost,
}
