namespace RuleScoring.Core.Outcomes;

/// <summary>A reason sales gave for rejecting leads, and how many times.</summary>
public sealed record RejectionReason(string Reason, long Count);
