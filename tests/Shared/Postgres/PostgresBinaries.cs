namespace RuleScoring.Tests.Postgres;

/// <summary>
/// Where initdb, pg_ctl and postgres live. Debian keeps them out of PATH in
/// /usr/lib/postgresql/VERSION/bin, so that is the second place to look.
/// </summary>
internal static class PostgresBinaries
{
    public const string DebianRoot = "/usr/lib/postgresql";

    private static readonly string[] Programs = ["initdb", "pg_ctl", "postgres"];

    /// <summary>The folder holding all three programs, or null with what was searched.</summary>
    public static string? Find(string? pathVariable, string debianRoot, out string searched)
    {
        searched = $"PATH or {debianRoot}/*/bin";
        foreach (var dir in (pathVariable ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = Path.Combine(dir, "initdb");
            if (!File.Exists(initdb))
            {
                continue;
            }

            // /usr/local/bin/initdb may be a link into a Debian folder; pg_ctl and postgres
            // must come from the same installation as initdb, so use the folder it resolves to.
            var real = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
            var home = Path.GetDirectoryName(real)!;
            if (HasAll(home))
            {
                return home;
            }
        }

        if (!Directory.Exists(debianRoot))
        {
            return null;
        }

        return Directory.GetDirectories(debianRoot)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: ParseVersion(Path.GetFileName(d))))
            .Where(v => v.Version is not null && HasAll(v.Dir))
            .OrderByDescending(v => v.Version)
            .Select(v => v.Dir)
            .FirstOrDefault();
    }

    private static bool HasAll(string dir) => Programs.All(p => File.Exists(Path.Combine(dir, p)));

    // Debian names the folders "9.6", "15", "17": numeric order, so 15 beats 9.6.
    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.') ? name : name + ".0", out var v) ? v : null;
}
