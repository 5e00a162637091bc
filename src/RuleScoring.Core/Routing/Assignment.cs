namespace RuleScoring.Core.Routing;

/// <summary>Who got a lead and why ("territory EMEA, account owner", "round robin 3 of 5").</summary>
public sealed record Assignment(string Queue, string? Owner, AssignmentStatus Status, string Why);
