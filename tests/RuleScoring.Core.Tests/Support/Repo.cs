namespace RuleScoring.Core.Tests.Support;

/// <summary>Finds the repository's own folders, so tests use the real rules/ rather than a copy.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string RulesDirectory => Path.Combine(Root, "rules");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RuleScoring.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("RuleScoring.sln not found above " + AppContext.BaseDirectory);
    }
}
