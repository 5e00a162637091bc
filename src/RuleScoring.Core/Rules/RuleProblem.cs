namespace RuleScoring.Core.Rules;

/// <summary>One thing wrong with a rules folder, located as precisely as we can.</summary>
public sealed record RuleProblem(RuleProblemSeverity Severity, string File, int? Line, string? Rule, string Message)
{
    public override string ToString()
    {
        var where = Line is { } line ? $"{File}:{line}" : File;
        var rule = Rule is null ? "" : $" rule '{Rule}':";
        var level = Severity == RuleProblemSeverity.Error ? "error" : "warning";
        return $"{where}: {level}:{rule} {Message}";
    }
}
