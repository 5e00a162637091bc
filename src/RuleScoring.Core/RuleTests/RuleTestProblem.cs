namespace RuleScoring.Core.RuleTests;

/// <summary>A rule test file that cannot be run as written: bad JSON, an unknown property, a reason code no rule has.</summary>
/// <param name="File">The test file relative to the rules folder, e.g. tests/tiers.json.</param>
/// <param name="Case">The case's name, when the problem is inside one.</param>
public sealed record RuleTestProblem(string File, int? Line, string? Case, string Message)
{
    public override string ToString()
    {
        var where = Line is { } line ? $"{File}:{line}" : File;
        var name = Case is null ? "" : $" case '{Case}':";
        return $"{where}: error:{name} {Message}";
    }
}
