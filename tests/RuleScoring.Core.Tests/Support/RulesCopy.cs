using System.Text.Json;
using System.Text.Json.Nodes;

namespace RuleScoring.Core.Tests.Support;

/// <summary>A throw-away copy of rules/ to break on purpose.</summary>
internal sealed class RulesCopy : IDisposable
{
    public RulesCopy()
    {
        Directory = Path.Combine(Path.GetTempPath(), "rulescoring-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        // Sub-folders too: tests/ holds the golden leads that validate runs against the copy.
        foreach (var file in System.IO.Directory.GetFiles(Repo.RulesDirectory, "*.json", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Directory, Path.GetRelativePath(Repo.RulesDirectory, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public string Directory { get; }

    /// <param name="file">A path relative to the rules folder, e.g. intent.json or tests/tiers.json.</param>
    public RulesCopy Edit(string file, Func<string, string> edit)
    {
        var path = Path.Combine(Directory, file);
        var before = File.ReadAllText(path);
        var after = edit(before);
        if (after == before)
        {
            throw new InvalidOperationException($"the edit did not change {file}: the test would prove nothing");
        }

        File.WriteAllText(path, after);
        return this;
    }

    public RulesCopy EditJson(string file, Action<JsonNode> edit) => Edit(file, text =>
    {
        var node = JsonNode.Parse(text)!;
        edit(node);
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    });

    /// <summary>The rule named <paramref name="ruleName"/> in a workflow file's JSON.</summary>
    public static JsonObject Rule(JsonNode workflow, string ruleName) =>
        workflow["Rules"]!.AsArray().Single(r => (string?)r!["RuleName"] == ruleName)!.AsObject();

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
