namespace RuleScoring.Tests.Support;

/// <summary>
/// The repository's own folders (so tests use the real rules/ rather than a copy), and the shared
/// data sets beside it when they are there.
/// </summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Rules => Path.Combine(Root, "rules");

    /// <summary>The ten bundled sample leads (JSON lines).</summary>
    public static string SampleLeads => Path.Combine(Root, "src", "RuleScoring.Cli", "Samples", "leads.jsonl");

    public static string Mapping(string name) => Path.Combine(Root, "mappings", name);

    /// <summary>
    /// A file under shared/data, which sits beside the repository (CI: a clone with shared/ next
    /// to it; developers: a worktree some levels further down). Null when it is not there: the
    /// data sets are never committed.
    /// </summary>
    public static string? SharedData(string relativePath)
    {
        for (var dir = new DirectoryInfo(Root).Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

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
