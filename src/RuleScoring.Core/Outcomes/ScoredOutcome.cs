namespace RuleScoring.Core.Outcomes;

/// <summary>A lead's score (as of some time) next to what became of it.</summary>
public sealed record ScoredOutcome(string LeadId, decimal Composite, string Tier, DealOutcome Outcome)
{
    public bool Closed => Outcome is DealOutcome.Won or DealOutcome.Lost;
}
