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
    public static readonly DateTimeOffset Start = FixedClock.Now;

    private readonly TempFolder _folder = new("rulescoring-worker-tests");

    /// <param name="database">A PostgreSQL connection string to use instead of the SQLite file.</param>
    public WorkerFixture(string? database = null)
    {
        RulesCopy = new RulesCopy(Path.Combine(Folder, "rules"), except: "examples");
        DbPath = Path.Combine(Folder, "worker.db");
        Db = ScoreDatabase.Open(database ?? DbPath, Clock);
        Rules = new ActiveRules(RulesDirectory, Clock, NullLogger<ActiveRules>.Instance);
    }

    public string Folder => _folder.Path;

    /// <summary>The copy of rules/ the worker reads, to edit as a pull request would.</summary>
    public RulesCopy RulesCopy { get; }

    public string RulesDirectory => RulesCopy.Directory;

    public string DbPath { get; }

    public FakeTimeProvider Clock { get; } = FixedClock.Create();

    public ScoreDatabase Db { get; }

    public ActiveRules Rules { get; }

    /// <summary>Generated leads (a year of CRM history ending at <see cref="Start"/>), stored.</summary>
    public IReadOnlyList<Lead> StoreSample(int leads, int seed = 7)
    {
        var sample = SampleGenerator.Generate(new SampleOptions(leads, seed, Start)).Select(s => s.Lead).ToList();
        Db.Leads.Save(sample);
        return sample;
    }

    /// <summary>L-9001: a VP of Sales at a 300-person US software company who viewed pricing two days ago, stored.</summary>
    public void StoreVpSales() => Db.Leads.Save([new Lead("L-9001", new Dictionary<string, string>
    {
        ["email"] = "pat@acme-logistics.com", ["employees"] = "300", ["industry"] = "Software", ["country"] = "United States",
        ["title"] = "VP Sales", ["function"] = "Sales",
    }, [new Signal("pricing_view", Start.AddDays(-2))])]);

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

    public void EditJson(string file, Action<JsonNode> edit) => RulesCopy.EditJson(file, edit);

    public void Edit(string file, Func<string, string> edit) => RulesCopy.Edit(file, edit);

    public static JsonObject Rule(JsonNode workflow, string ruleName) => RulesCopy.Rule(workflow, ruleName);

    public void Dispose()
    {
        Db.Dispose();
        _folder.Dispose();
    }
}
