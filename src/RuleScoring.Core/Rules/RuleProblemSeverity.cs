namespace RuleScoring.Core.Rules;

public enum RuleProblemSeverity
{
    Error,
    Warning,
}
