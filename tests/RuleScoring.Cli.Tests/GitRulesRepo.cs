using System.Diagnostics;
using System.Text.Json.Nodes;

namespace RuleScoring.Cli.Tests;

/// <summary>
/// A throw-away git repository holding a copy of the shipped rules/ (changelog included),
/// committed on <c>main</c>; tests edit, commit on a branch and diff by ref with real git.
/// </summary>
internal sealed class GitRulesRepo : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly RulesCopy _rules;

    public GitRulesRepo()
    {
        _rules = new RulesCopy(Path.Combine(_dir.Path, "rules"), pattern: "*");
        Git("init", "--quiet", "--initial-branch=main");
        Git("config", "user.name", "Rules Tests");
        Git("config", "user.email", "rules-tests@example.com");
        Git("config", "commit.gpgsign", "false");
        Commit($"Rules {Shipped}");
        Git("checkout", "--quiet", "-b", "change");
    }

    /// <summary>The shipped rules' version: what <c>main</c> holds in every repo made here.</summary>
    public static string Shipped { get; } = Core.Rules.RuleSetLoader.Load(Repo.Rules).Identity.Version;

    /// <summary>The version a change on the branch bumps to (the next minor after <see cref="Shipped"/>).</summary>
    public static string Next { get; } = Core.Governance.SemanticVersion.NextMinor(Shipped);

    public string Root => _dir.Path;

    public string Rules => _rules.Directory;

    public GitRulesRepo Edit(string file, Func<string, string> edit)
    {
        _rules.Edit(file, edit);
        return this;
    }

    public GitRulesRepo EditJson(string file, Action<JsonNode> edit)
    {
        _rules.EditJson(file, edit);
        return this;
    }

    public GitRulesRepo Version(string version) => EditJson("model.json", m => m["version"] = version);

    /// <summary>Adds a changelog entry above the existing ones.</summary>
    public GitRulesRepo ChangelogEntry(string entry) => Edit("CHANGELOG.md", text =>
    {
        var first = text.IndexOf("\n## ", StringComparison.Ordinal) + 1;
        return text[..first] + entry.TrimEnd() + "\n\n" + text[first..];
    });

    public GitRulesRepo Commit(string message)
    {
        Git("add", "--all");
        Git("commit", "--quiet", "-m", message);
        return this;
    }

    public static JsonObject Rule(JsonNode workflow, string ruleName) => RulesCopy.Rule(workflow, ruleName);

    public void Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardError = true, RedirectStandardOutput = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {error.Result}");
        }
    }

    public void Dispose() => _dir.Dispose();
}
