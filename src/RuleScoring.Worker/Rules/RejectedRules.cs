namespace RuleScoring.Worker.Rules;

/// <summary>A rules folder that failed validation or its rule tests, and every reason: the last good version keeps scoring.</summary>
public sealed record RejectedRules(DateTimeOffset At, IReadOnlyList<string> Problems);
