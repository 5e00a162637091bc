using System.Xml.Linq;
using RuleScoring.Core.Tests.Support;
using Shouldly;
using Xunit;

namespace RuleScoring.Core.Tests.Architecture;

/// <summary>
/// The layout is the architecture: src/ is the product, tools/ only the bench and fault scripts,
/// and dependencies point one way (Cli/Worker -> Replay -> Storage -> Core). Read from the
/// project files themselves, so a new reference that breaks the direction fails here.
/// </summary>
public sealed class ProjectReferencesTests
{
    /// <summary>What each product project may reference; anything not listed is a wrong-way edge.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["RuleScoring.Core"] = [],
        ["RuleScoring.SampleData"] = ["RuleScoring.Core"],
        ["RuleScoring.Storage"] = ["RuleScoring.Core"],
        ["RuleScoring.Replay"] = ["RuleScoring.Core", "RuleScoring.Storage"],
        ["RuleScoring.Worker"] = ["RuleScoring.Core", "RuleScoring.Storage"],
        ["RuleScoring.Cli"] = ["RuleScoring.Core", "RuleScoring.Storage", "RuleScoring.Replay", "RuleScoring.Worker", "RuleScoring.SampleData"],
    };

    [Fact]
    public void Every_product_project_references_only_projects_below_it()
    {
        var projects = Directory.GetDirectories(Path.Combine(Repo.Root, "src"))
            .Select(d => Path.Combine(d, Path.GetFileName(d) + ".csproj"))
            .Where(File.Exists)
            .ToList();

        projects.Select(Path.GetFileNameWithoutExtension).Order().ShouldBe(Allowed.Keys.Order(), "every project under src/ has its place in the dependency order");
        var wrong = new List<string>();
        foreach (var project in projects)
        {
            var name = Path.GetFileNameWithoutExtension(project);
            foreach (var reference in References(project))
            {
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, reference));
                var targetName = Path.GetFileNameWithoutExtension(target);
                if (!target.StartsWith(Path.Combine(Repo.Root, "src") + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    wrong.Add($"{name} -> {Path.GetRelativePath(Repo.Root, target)} (outside src/)");
                }
                else if (!Allowed[name!].Contains(targetName))
                {
                    wrong.Add($"{name} -> {targetName}");
                }
            }
        }

        wrong.ShouldBeEmpty();
    }

    [Fact]
    public void Tools_hold_no_product_project_and_the_cli_is_the_only_executable()
    {
        var toolProjects = Directory.GetFiles(Path.Combine(Repo.Root, "tools"), "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension)
            .ToList();
        toolProjects.ShouldBe(["RuleScoring.Bench"], "tools/ keeps only the bench (and scripts)");

        var executables = Directory.GetFiles(Path.Combine(Repo.Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => XDocument.Load(p).Descendants("OutputType").Any(e => e.Value == "Exe"))
            .Select(Path.GetFileNameWithoutExtension)
            .ToList();
        executables.ShouldBe(["RuleScoring.Cli"], "one executable, one set of exit codes");
    }

    private static IEnumerable<string> References(string project) =>
        XDocument.Load(project).Descendants("ProjectReference")
            .Select(e => e.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar));
}
