namespace RuleScoring.Storage.Worker;

/// <summary>A rule set the worker made active; <see cref="Changes"/> says what differed from the one before, a line each.</summary>
public sealed record RuleActivation(long Id, string RulesName, string RulesVersion, string RulesHash, DateTimeOffset ActivatedAt, string Changes);
