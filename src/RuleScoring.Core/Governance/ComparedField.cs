namespace RuleScoring.Core.Governance;

/// <summary>
/// One thing the differ compares on a rule: the name a change gives it, the rule's Properties
/// member it reads (null when it is not one: the expression, the dimension), and how it reads in
/// a change (null for the expression, compared term by term).
/// </summary>
internal sealed record ComparedField<TRule>(string Name, string? Property, Func<TRule, string>? Show);
