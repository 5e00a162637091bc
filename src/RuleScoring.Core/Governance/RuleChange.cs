namespace RuleScoring.Core.Governance;

/// <summary>
/// One difference between two rule sets, e.g. rule <c>intent.demo_request</c>, field <c>points</c>,
/// 50 -> 60, class <see cref="ChangeClass.Weights"/>. <see cref="Before"/> is null for something
/// added, <see cref="After"/> for something removed.
/// </summary>
public sealed record RuleChange(ChangeArea Area, string Subject, string Field, string? Before, string? After, ChangeClass Class);
