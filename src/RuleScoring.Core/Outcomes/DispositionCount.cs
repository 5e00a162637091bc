namespace RuleScoring.Core.Outcomes;

/// <summary>How many dispositions had this tier, verdict and reason (the input of <see cref="OutcomeMetrics.ByDispositionTier"/>).</summary>
/// <param name="Status"><c>accepted</c> or <c>rejected</c>; anything else is not counted.</param>
public sealed record DispositionCount(string Tier, string Status, string Reason, long Count);
