namespace RuleScoring.Core.Rules;

/// <summary>The rules folder cannot be used: nothing is scored with a partly broken rule set.</summary>
public sealed class RuleSetException(string directory, IReadOnlyList<RuleProblem> problems)
    : Exception($"The rules in '{directory}' are invalid ({problems.Count(p => p.Severity == RuleProblemSeverity.Error)} error(s)):"
        + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
{
    public string Directory { get; } = directory;
    public IReadOnlyList<RuleProblem> Problems { get; } = problems;
}
