namespace RuleScoring.Core.Scoring;

/// <summary>One rule on one lead, as RulesEngine reports it: fired or not, or the exception message that stopped it.</summary>
internal readonly record struct RuleOutcome(string RuleName, bool IsSuccess, string? ExceptionMessage);
