using System.Text.Json.Nodes;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;

namespace RuleScoring.Storage.Tests.Support;

/// <summary>The shipped rules, loaded and warmed once per test run.</summary>
internal static class Scoring
{
    private static readonly Lazy<LeadScorer> Shared = new(() => new LeadScorer(RuleSetLoader.Load(Repo.Rules)));

    public static LeadScorer Scorer => Shared.Value;

    /// <summary>The shipped rules with one rule's points moved up by one: another rules hash, so every lead gets a new card.</summary>
    public static readonly Lazy<LeadScorer> Changed = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), $"rulescore-changed-rules-{Environment.ProcessId}-{Guid.NewGuid():N}");
        foreach (var file in Directory.EnumerateFiles(Repo.Rules, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(dir, Path.GetRelativePath(Repo.Rules, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        var workflow = Path.Combine(dir, "behavior.json");
        var json = JsonNode.Parse(File.ReadAllText(workflow))!;
        var points = json["Rules"]!.AsArray().First(r => r!["RuleName"]!.GetValue<string>() == "behavior.ebook_download")!["Properties"]!;
        points["points"] = points["points"]!.GetValue<decimal>() + 1;
        File.WriteAllText(workflow, json.ToJsonString());
        try
        {
            return new LeadScorer(RuleSetLoader.Load(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    });
}
