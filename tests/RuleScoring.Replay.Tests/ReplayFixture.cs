using System.Text.Json;
using System.Text.Json.Nodes;
using RuleScoring.Replay.Data;
using RuleScoring.Replay.Reports;
using RuleScoring.SampleData;
using TheRules = RuleScoring.Tests.Support.RulesCopy;

namespace RuleScoring.Replay.Tests;

/// <summary>
/// Generated CRM data (a year, outcomes that depend on fit and intent) written as contract CSV
/// once for the test class, and throw-away copies of rules/ to change.
/// </summary>
public class ReplayFixture : IDisposable
{
    public static readonly DateTimeOffset End = FixedClock.Now;

    private readonly TempFolder _folder = new("rulescoring-replay-tests");

    public ReplayFixture()
        : this(2500)
    {
    }

    protected ReplayFixture(int leads, double committees = 0)
    {
        DataDirectory = Path.Combine(Folder, "data");
        Directory.CreateDirectory(DataDirectory);
        SampleCsvWriter.Write(DataDirectory, SampleGenerator.Generate(new SampleOptions(leads, 11, End, Committees: committees)));
    }

    public string Folder => _folder.Path;

    public string DataDirectory { get; }

    /// <summary>A copy of rules/ (without the examples), edited by <paramref name="edit"/> (file name, JSON).</summary>
    public string RulesCopy(string name, Action<string, JsonNode>? edit = null) => TheRules.Rewritten(Path.Combine(Folder, name), edit);

    public static void SetPoints(JsonNode workflow, string rule, int points) =>
        workflow["Rules"]!.AsArray().Single(r => (string?)r!["RuleName"] == rule)!["Properties"]!["points"] = points;

    internal (int Code, string Output, string Error, JsonElement Report, string OutDirectory) Replay(string @base, string head, string asOf = "created", Gate? gate = null, string? data = null,
        ReplayLevel level = ReplayLevel.Lead)
    {
        var outDir = Path.Combine(Folder, "out-" + Guid.NewGuid().ToString("N"));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = ReplayCommand.Run(new ReplayCommand.Settings(@base, head, head, null, data ?? DataDirectory, asOf, "segment", outDir, gate ?? new Gate(null, false, null), level),
            FixedClock.Create(), output, error);
        var reportFile = Path.Combine(outDir, "report.json");
        var report = File.Exists(reportFile) ? JsonDocument.Parse(File.ReadAllText(reportFile)).RootElement.Clone() : default;
        return (code, output.ToString(), error.ToString(), report, outDir);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing) => _folder.Dispose();
}
