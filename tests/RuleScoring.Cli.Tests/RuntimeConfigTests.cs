using System.Text.Json.Nodes;

namespace RuleScoring.Cli.Tests;

/// <summary>What the runtime is told when rulescore starts (rulescore.runtimeconfig.json, from Directory.Build.props).</summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void Rulescore_ThreadPoolThreadsSleepInsteadOfSpinning()
    {
        // Two workers and PostgreSQL sharing two cores lost throughput to idle threads spinning (docs/benchmarks.md).
        var path = Path.Combine(AppContext.BaseDirectory, "rulescore.runtimeconfig.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"]!;

        config["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"].ShouldNotBeNull($"{path} sets no spin limit").GetValue<int>().ShouldBe(0);
        config["System.Globalization.Invariant"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public void Rulescore_RunsOnTheServerGarbageCollector_TheOneTheBenchMeasures()
    {
        // A 200,000-lead rescore took a quarter longer on the workstation collector (docs/benchmarks.md);
        // the bench gets the same setting from Directory.Build.props, so its figures are rulescore's.
        var path = Path.Combine(AppContext.BaseDirectory, "rulescore.runtimeconfig.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"]!;

        config["System.GC.Server"].ShouldNotBeNull($"{path} leaves the collector to the default (workstation)").GetValue<bool>().ShouldBeTrue();
        config["System.GC.Concurrent"]?.GetValue<bool>().ShouldBeTrue("background collections keep the worker's API answering");
    }
}
