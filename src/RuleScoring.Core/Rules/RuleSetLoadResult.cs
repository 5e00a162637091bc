namespace RuleScoring.Core.Rules;

/// <summary>The outcome of reading a rules folder: a usable rule set, or every problem that stops it.</summary>
public sealed record RuleSetLoadResult(RuleSet? RuleSet, IReadOnlyList<RuleProblem> Problems)
{
    public bool IsValid => RuleSet is not null;

    public IEnumerable<RuleProblem> Errors => Problems.Where(p => p.Severity == RuleProblemSeverity.Error);
}
