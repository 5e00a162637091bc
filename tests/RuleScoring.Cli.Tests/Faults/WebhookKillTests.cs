using System.Diagnostics;
using System.Text.Json.Nodes;
using RuleScoring.Core.Webhooks;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Webhooks;
using RuleScoring.Tests.Webhooks;

namespace RuleScoring.Cli.Tests.Faults;

/// <summary>
/// <c>rulescore run</c> as a real process, SIGKILLed while a real receiver holds its webhook
/// requests unanswered: after a restart every delivery is sent, with the webhook-id it had.
/// </summary>
public sealed class WebhookKillTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SecretVariable = "RULESCORE_TEST_WEBHOOK_SECRET";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Run_KilledWhileTheReceiverHoldsItsRequests_AfterARestartSendsEveryDeliveryWithItsWebhookId()
    {
        using var dir = new TempFolder();
        var rules = dir.CopyRules();
        WebhookSecret.TryParse(Secret, out var key, out _).ShouldBeTrue();
        await using var receiver = await WebhookReceiver.StartAsync(key);
        var holding = 1;
        receiver.Answer = _ => Volatile.Read(ref holding) == 1 ? WebhookReceiver.Hang : 200;
        await File.WriteAllTextAsync(Path.Combine(rules, WebhookSettings.File), new JsonObject
        {
            ["delivery"] = new JsonObject { ["timeoutSeconds"] = 120, ["parallel"] = 4 },
            ["subscriptions"] = new JsonArray(new JsonObject
            {
                ["name"] = "crm",
                ["url"] = receiver.Url.ToString(),
                ["events"] = new JsonArray("tier_changed"),
                ["secretEnv"] = SecretVariable,
            }),
        }.ToJsonString());
        var db = Path.Combine(dir.Path, "worker.db");
        var (leads, signals) = SampleCsv.Write(dir);
        (await CliRun.RunAsync("import", "leads", leads, "--db", db)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("import", "signals", signals, "--db", db)).ExitCode.ShouldBe(0);
        using (var first = Worker(dir, db, rules))
        {
            await receiver.WaitForAsync(4, Patience);
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        var heldIds = receiver.Received.Select(r => r.WebhookId!).ToHashSet(StringComparer.Ordinal);
        long outbox;
        using (var killed = ScoreDatabase.Open(db, TimeProvider.System))
        {
            // The subscription hears tier changes; routed rows (tier A and B leads) are events it did not ask for.
            outbox = killed.Scores.ChangesAfter(0, 100_000).Count(c => c.Kind == Storage.Scores.TierChange.TierChanged);
            var rows = killed.Deliveries.List(limit: 100_000);
            // The subscription was in the file when the worker started: it hears the first tick's tiers too.
            rows.Count.ShouldBe((int)outbox, "a delivery per outbox row, recorded before any was sent");
            rows.ShouldAllBe(d => d.State == DeliveryState.Pending && d.Attempts == 0, "nothing is marked until a receiver answers");
            heldIds.ShouldBeSubsetOf(rows.Select(d => d.WebhookId));
        }

        Interlocked.Exchange(ref holding, 0);
        using (var second = Worker(dir, db, rules))
        {
            using var after = ScoreDatabase.Open(db, TimeProvider.System);
            var deadline = Stopwatch.StartNew();
            while (after.Deliveries.CountByState().GetValueOrDefault(DeliveryState.Delivered) < outbox && deadline.Elapsed < Patience)
            {
                await Task.Delay(100);
            }

            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
            after.Deliveries.CountByState().GetValueOrDefault(DeliveryState.Delivered).ShouldBe(outbox, "every delivery sent after the restart");
        }

        var answered = receiver.Received.Skip(heldIds.Count).ToList();
        answered.ShouldAllBe(r => r.SignatureVerified);
        heldIds.ShouldBeSubsetOf(answered.Select(r => r.WebhookId!), "the requests held at the kill were sent again with the same webhook-id");
        receiver.Received.Select(r => r.WebhookId).Distinct().Count().ShouldBe((int)outbox, "no event lost, none given a second id");
    }

    private static Process Worker(TempFolder dir, string db, string rules)
    {
        var start = KilledProcess.Start(dir.Path, "run", "--db", db, "--rules", rules, "--no-http", "--log-dir", Path.Combine(dir.Path, "logs"), "--interval", "1m");
        start.Environment[SecretVariable] = Secret;
        start.Environment["Worker__DeliveryInterval"] = "00:00:00.200";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
