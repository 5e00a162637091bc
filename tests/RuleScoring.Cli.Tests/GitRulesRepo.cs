using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RuleScoring.Cli.Tests;

/// <summary>
/// A throw-away git repository holding a copy of the shipped rules/ (changelog included),
/// committed on <c>main</c>; tests edit, commit on a branch and diff by ref with real git.
/// </summary>
internal sealed class GitRulesRepo : IDisposable
{
    private const string WorkflowRules = "Rules";
    private readonly TempDir _dir = new();

    public GitRulesRepo()
    {
        CopyTree(CliRun.Rules, Rules);
        Git("init", "--quiet", "--initial-branch=main");
        Git("config", "user.name", "Rules Tests");
        Git("config", "user.email", "rules-tests@example.com");
        Git("config", "commit.gpgsign", "false");
        Commit("Rules 1.0.0");
        Git("checkout", "--quiet", "-b", "change");
    }

    public string Root => _dir.Path;

    public string Rules => Path.Combine(_dir.Path, "rules");

    public GitRulesRepo Edit(string file, Func<string, string> edit)
    {
        var path = Path.Combine(Rules, file);
        var before = File.ReadAllText(path);
        var after = edit(before);
        if (after == before)
        {
            throw new InvalidOperationException($"the edit did not change {file}: the test would prove nothing");
        }

        File.WriteAllText(path, after);
        return this;
    }

    public GitRulesRepo EditJson(string file, Action<JsonNode> edit) => Edit(file, text =>
    {
        var node = JsonNode.Parse(text)!;
        edit(node);
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    });

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

    public static JsonObject Rule(JsonNode workflow, string ruleName) =>
        workflow[WorkflowRules]!.AsArray().Single(r => (string?)r!["RuleName"] == ruleName)!.AsObject();

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

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}
