using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RuleScoring.Core.Leads;
using RuleScoring.SampleData;
using RuleScoring.Storage.Database;
using RuleScoring.Worker;
using RuleScoring.Worker.Rules;
using RuleScoring.Worker.Scoring;

namespace RuleScoring.Worker.Tests.Support;

/// <summary>
/// A throw-away folder with a copy of rules/, a real SQLite file and a fake clock: what the
/// worker runs on, minus the host.
/// </summary>
internal sealed class WorkerFixture : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    /// <param name="database">A PostgreSQL connection string to use instead of the SQLite file.</param>
    public WorkerFixture(string? database = null)
    {
        Folder = Path.Combine(Path.GetTempPath(), "rulescoring-worker-tests", Guid.NewGuid().ToString("N"));
        RulesDirectory = Path.Combine(Folder, "rules");
        foreach (var file in Directory.GetFiles(Repo.Rules, "*.json", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Repo.Rules, file);
            if (relative.StartsWith("examples", StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(RulesDirectory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        DbPath = Path.Combine(Folder, "worker.db");
        Db = ScoreDatabase.Open(database ?? DbPath, Clock);
        Rules = new ActiveRules(RulesDirectory, Clock, NullLogger<ActiveRules>.Instance);
    }

    public string Folder { get; }

    public string RulesDirectory { get; }

    public string DbPath { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    public ScoreDatabase Db { get; }

    public ActiveRules Rules { get; }

    /// <summary>Generated leads (a year of CRM history ending at <see cref="Start"/>), stored.</summary>
    public IReadOnlyList<Lead> StoreSample(int leads, int seed = 7)
    {
        var sample = SampleGenerator.Generate(new SampleOptions(leads, seed, Start)).Select(s => s.Lead).ToList();
        Db.Leads.Save(sample);
        return sample;
    }

    /// <summary>One tick as the worker runs it: refresh the rules, then score what is due as of the clock.</summary>
    public TickResult Tick(int batchSize = 100, Action<int>? onBatchStored = null, CancellationToken cancellationToken = default)
    {
        Rules.Refresh(Db);
        var active = Rules.Current ?? throw new InvalidOperationException("no valid rules");
        return new ScoringTick(Db, active, batchSize, NullLogger.Instance).Run(Clock.GetUtcNow(), onBatchStored, cancellationToken);
    }

    /// <summary>The version of the shipped rules (rules/model.json) the copy starts from.</summary>
    public static string ShippedVersion { get; } = Core.Rules.RuleSetLoader.Load(Repo.Rules).Identity.Version;

    /// <summary>The next minor version after <see cref="ShippedVersion"/>, written into the copy's model.json.</summary>
    public string BumpVersion()
    {
        var next = Core.Governance.SemanticVersion.NextMinor(ShippedVersion);
        Edit("model.json", t => t.Replace($"\"version\": \"{ShippedVersion}\"", $"\"version\": \"{next}\"", StringComparison.Ordinal));
        return next;
    }

    public void EditJson(string file, Action<JsonNode> edit)
    {
        var path = Path.Combine(RulesDirectory, file);
        var node = JsonNode.Parse(File.ReadAllText(path))!;
        edit(node);
        File.WriteAllText(path, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public void Edit(string file, Func<string, string> edit)
    {
        var path = Path.Combine(RulesDirectory, file);
        var before = File.ReadAllText(path);
        var after = edit(before);
        if (after == before)
        {
            throw new InvalidOperationException($"the edit did not change {file}: the test would prove nothing");
        }

        File.WriteAllText(path, after);
    }

    private const string RulesProperty = "Rules";

    public static JsonObject Rule(JsonNode workflow, string ruleName) =>
        workflow[RulesProperty]!.AsArray().Single(r => (string?)r!["RuleName"] == ruleName)!.AsObject();

    public void Dispose()
    {
        Db.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
