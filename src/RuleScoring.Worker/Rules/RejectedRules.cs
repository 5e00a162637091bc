namespace RuleScoring.Worker.Rules;

/// <summary>
/// A rules folder that failed validation, its budget check or its rule tests, and every reason: the
/// last good version keeps scoring. <paramref name="Version"/> is what the folder's model.json
/// declares (null when it cannot be read), so /health can say which version was turned away.
/// </summary>
public sealed record RejectedRules(DateTimeOffset At, string? Version, IReadOnlyList<string> Problems);
