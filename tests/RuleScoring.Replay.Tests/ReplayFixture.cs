using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using RuleScoring.Replay.Data;
using RuleScoring.Replay.Reports;
using RuleScoring.SampleData;

namespace RuleScoring.Replay.Tests;

/// <summary>
/// Generated CRM data (a year, outcomes that depend on fit and intent) written as contract CSV
/// once for the test class, and throw-away copies of rules/ to change.
/// </summary>
public class ReplayFixture : IDisposable
{
    public static readonly DateTimeOffset End = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    public ReplayFixture()
        : this(2500)
    {
    }

    protected ReplayFixture(int leads, double committees = 0)
    {
        Folder = Path.Combine(Path.GetTempPath(), "rulescoring-replay-tests", Guid.NewGuid().ToString("N"));
        DataDirectory = Path.Combine(Folder, "data");
        Directory.CreateDirectory(DataDirectory);
        SampleCsvWriter.Write(DataDirectory, SampleGenerator.Generate(new SampleOptions(leads, 11, End, Committees: committees)));
    }

    public string Folder { get; }

    public string DataDirectory { get; }

    /// <summary>A copy of rules/ (without the examples), edited by <paramref name="edit"/> (file name, JSON).</summary>
    public string RulesCopy(string name, Action<string, JsonNode>? edit = null)
    {
        var target = Path.Combine(Folder, name);
        foreach (var file in Directory.GetFiles(Repo.Rules, "*.json", SearchOption.TopDirectoryOnly))
        {
            Directory.CreateDirectory(target);
            var node = JsonNode.Parse(File.ReadAllText(file))!;
            edit?.Invoke(Path.GetFileName(file), node);
            File.WriteAllText(Path.Combine(target, Path.GetFileName(file)), node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }

        return target;
    }

    public static void SetPoints(JsonNode workflow, string rule, int points) =>
        workflow["Rules"]!.AsArray().Single(r => (string?)r!["RuleName"] == rule)!["Properties"]!["points"] = points;

    internal (int Code, string Output, string Error, JsonElement Report, string OutDirectory) Replay(string @base, string head, string asOf = "created", Gate? gate = null, string? data = null,
        ReplayLevel level = ReplayLevel.Lead)
    {
        var outDir = Path.Combine(Folder, "out-" + Guid.NewGuid().ToString("N"));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = ReplayCommand.Run(new ReplayCommand.Settings(@base, head, head, null, data ?? DataDirectory, asOf, "segment", outDir, gate ?? new Gate(null, false, null), level),
            new FakeTimeProvider(End), output, error);
        var reportFile = Path.Combine(outDir, "report.json");
        var report = File.Exists(reportFile) ? JsonDocument.Parse(File.ReadAllText(reportFile)).RootElement.Clone() : default;
        return (code, output.ToString(), error.ToString(), report, outDir);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
