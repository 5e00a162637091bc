using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RuleScoring.Tests.Support;

/// <summary>A copy of the shipped rules/ to edit, or break on purpose.</summary>
internal sealed class RulesCopy : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly TempFolder? _owned;

    /// <summary>The JSON files of rules/ in a throw-away folder of their own, deleted on dispose.</summary>
    public RulesCopy()
        : this(new TempFolder())
    {
    }

    /// <summary>
    /// The files of rules/ matching <paramref name="pattern"/>, sub-folders too (tests/ holds the
    /// golden leads that validate runs against the copy), in <paramref name="directory"/>, which
    /// its owner deletes; relative paths starting with <paramref name="except"/> are left out.
    /// </summary>
    public RulesCopy(string directory, string pattern = "*.json", string? except = null)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var file in System.IO.Directory.GetFiles(Repo.Rules, pattern, SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Repo.Rules, file);
            if (except is not null && relative.StartsWith(except, StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(Directory, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private RulesCopy(TempFolder owned)
        : this(owned.Path)
    {
        _owned = owned;
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
        return node.ToJsonString(Indented);
    });

    /// <summary>
    /// The top-level JSON files of rules/ (no tests, no examples) in <paramref name="directory"/>,
    /// each parsed, changed by <paramref name="edit"/> (file name, JSON) and written again.
    /// </summary>
    public static string Rewritten(string directory, Action<string, JsonNode>? edit = null)
    {
        System.IO.Directory.CreateDirectory(directory);
        foreach (var file in System.IO.Directory.GetFiles(Repo.Rules, "*.json", SearchOption.TopDirectoryOnly))
        {
            var node = JsonNode.Parse(File.ReadAllText(file))!;
            edit?.Invoke(Path.GetFileName(file), node);
            File.WriteAllText(Path.Combine(directory, Path.GetFileName(file)), node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }

        return directory;
    }

    /// <summary>The rule named <paramref name="ruleName"/> in a workflow file's JSON.</summary>
    public static JsonObject Rule(JsonNode workflow, string ruleName) =>
        workflow["Rules"]!.AsArray().Single(r => (string?)r!["RuleName"] == ruleName)!.AsObject();

    public void Dispose() => _owned?.Dispose();
}
