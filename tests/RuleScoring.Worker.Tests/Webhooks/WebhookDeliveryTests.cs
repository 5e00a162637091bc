using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Webhooks;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Webhooks;
using RuleScoring.Tests.Postgres;
using RuleScoring.Tests.Webhooks;
using RuleScoring.Worker.Tests.Support;
using RuleScoring.Worker.Webhooks;
using Xunit.Abstractions;

namespace RuleScoring.Worker.Tests.Webhooks;

/// <summary>
/// Deliveries to a real HTTP receiver on loopback: signed, retried with backoff, dead after the
/// last attempt, re-sent with the same webhook-id, in order per lead, and nothing lost when the
/// worker stops mid-request. Time is the fixture's fake clock; the HTTP is real.
/// </summary>
[Collection(TestPostgres.Collection)]
public sealed class WebhookDeliveryTests(TestPostgres postgres, ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const int Seed = 20;
    private static readonly byte[] Key = WebhookSecret.TryParse(Secret, out var key, out _) ? key : [];

    private readonly WorkerFixture _w = new();
    private readonly HttpClient _http = WebhookDispatcher.CreateClient();
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync(Key);

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _w.Dispose();
    }

    [Fact]
    public async Task TierChange_IsPostedSigned_AndTheReceiverVerifiesItWithTheSecret()
    {
        var settings = Settings();
        var dispatcher = Dispatcher();
        await dispatcher.RunOnceAsync(_w.Db, settings);
        StoreTierALead("L-A");
        _w.Tick();

        var pass = await dispatcher.RunOnceAsync(_w.Db, settings);

        pass.Recorded.ShouldBe(1);
        pass.Delivered.ShouldBe(1);
        var got = _receiver.Received.ShouldHaveSingleItem();
        got.SignatureVerified.ShouldBeTrue("the receiver checks webhook-signature with the subscription's secret");
        got.Timestamp.ShouldBe(_w.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var body = JsonNode.Parse(got.Body)!;
        ((string?)body["type"]).ShouldBe("lead.tier_changed");
        ((string?)body["data"]!["leadId"]).ShouldBe("L-A");
        ((string?)body["data"]!["toTier"]).ShouldBe("A");
        body["data"]!["reasons"]!.AsArray().Count.ShouldBeGreaterThan(0, "the strongest reasons travel with the event");
        var delivery = _w.Db.Deliveries.List().ShouldHaveSingleItem();
        delivery.State.ShouldBe(DeliveryState.Delivered);
        delivery.WebhookId.ShouldBe(got.WebhookId);
        delivery.Body.ShouldBe(got.Body);
        _w.Db.Deliveries.Attempts(delivery.Id).ShouldHaveSingleItem().Status.ShouldBe(200);
    }

    [Fact]
    public async Task Receiver500_IsRetriedAfterItsBackoff_ThenDelivered_WithTheSameWebhookId()
    {
        _receiver.Answer = n => n == 0 ? 500 : 200;
        var settings = Settings();
        var dispatcher = Dispatcher();
        await dispatcher.RunOnceAsync(_w.Db, settings);
        StoreTierALead("L-A");
        _w.Tick();

        var first = await dispatcher.RunOnceAsync(_w.Db, settings);
        var early = await dispatcher.RunOnceAsync(_w.Db, settings);
        var wait = new RetryBackoff(settings.Delivery, new Random(Seed)).After(1);
        var pending = _w.Db.Deliveries.List().ShouldHaveSingleItem();
        _w.Clock.Advance(wait);
        var second = await dispatcher.RunOnceAsync(_w.Db, settings);

        first.Failed.ShouldBe(1);
        early.Attempted.ShouldBe(0, "not before its backoff");
        pending.State.ShouldBe(DeliveryState.Pending);
        pending.LastStatus.ShouldBe(500);
        pending.NextAttemptAt.ShouldBe(pending.CreatedAt + wait, "the seeded jitter gives the same wait");
        wait.ShouldBeInRange(settings.Delivery.FirstRetry / 2, settings.Delivery.FirstRetry);
        second.Delivered.ShouldBe(1);
        _receiver.Received.Count.ShouldBe(2);
        _receiver.Received.Select(r => r.WebhookId).Distinct().ShouldHaveSingleItem();
        _receiver.Received.ShouldAllBe(r => r.SignatureVerified, "each attempt is signed with its own timestamp");
        _receiver.Received[1].Timestamp.ShouldNotBe(_receiver.Received[0].Timestamp);
        _w.Db.Deliveries.Attempts(pending.Id).Select(a => a.Status).ShouldBe([500, 200]);
    }

    [Fact]
    public async Task NoAnswerWithinTheTimeout_AndAClosedConnection_AreFailures()
    {
        _receiver.Answer = n => n == 0 ? WebhookReceiver.Hang : WebhookReceiver.Close;
        var settings = Settings(timeoutSeconds: 5);
        var dispatcher = Dispatcher();
        await dispatcher.RunOnceAsync(_w.Db, settings);
        StoreTierALead("L-A");
        _w.Tick();

        var hanging = dispatcher.RunOnceAsync(_w.Db, settings);
        await _receiver.WaitForAsync(1);
        _w.Clock.Advance(TimeSpan.FromSeconds(5));
        var timedOut = await hanging;
        _w.Clock.Advance(settings.Delivery.FirstRetry);
        var closed = await dispatcher.RunOnceAsync(_w.Db, settings);

        timedOut.Failed.ShouldBe(1);
        closed.Failed.ShouldBe(1);
        var delivery = _w.Db.Deliveries.List().ShouldHaveSingleItem();
        delivery.State.ShouldBe(DeliveryState.Pending);
        var attempts = _w.Db.Deliveries.Attempts(delivery.Id);
        attempts.Count.ShouldBe(2);
        attempts[0].Error.ShouldNotBeNull().ShouldStartWith("timeout: no answer within 5 s");
        attempts[1].Status.ShouldBeNull();
        attempts[1].Error.ShouldNotBeNull().ShouldStartWith("connection closed");
    }

    [Fact]
    public async Task ReceiverFailingEveryTime_IsDeadAfterMaxAttempts_AndAResendDeliversItWithTheSameWebhookId()
    {
        var failing = true;
        _receiver.Answer = _ => failing ? 503 : 200;
        var settings = Settings(maxAttempts: 3);
        var dispatcher = Dispatcher();
        await dispatcher.RunOnceAsync(_w.Db, settings);
        StoreTierALead("L-A");
        _w.Tick();

        var passes = new List<DispatchResult>();
        for (var i = 0; i < 5; i++)
        {
            passes.Add(await dispatcher.RunOnceAsync(_w.Db, settings));
            _w.Clock.Advance(settings.Delivery.MaxRetry);
        }

        var dead = _w.Db.Deliveries.List(DeliveryState.Dead).ShouldHaveSingleItem();
        passes.Sum(p => p.Attempted).ShouldBe(3, "three attempts, then no more");
        passes.Sum(p => p.Dead).ShouldBe(1);
        dead.Attempts.ShouldBe(3);
        dead.NextAttemptAt.ShouldBeNull();
        dead.LastStatus.ShouldBe(503);

        failing = false;
        var resent = _w.Db.Deliveries.Resend(dead.WebhookId);
        var again = await dispatcher.RunOnceAsync(_w.Db, settings);

        resent.State.ShouldBe(DeliveryState.Pending);
        resent.WebhookId.ShouldBe(dead.WebhookId);
        again.Delivered.ShouldBe(1);
        _receiver.Received.Count.ShouldBe(4);
        _receiver.Received.Select(r => r.WebhookId).Distinct().ShouldHaveSingleItem();
        _receiver.Received.Select(r => r.Body).Distinct().ShouldHaveSingleItem();
        _w.Db.Deliveries.Attempts(dead.Id).Select(a => a.Status).ShouldBe([503, 503, 503, 200], "the attempt log keeps what came before the re-send");
        Should.Throw<DeliveryException>(() => _w.Db.Deliveries.Resend("msg_none")).Message.ShouldContain("no delivery msg_none");
    }

    [Fact]
    public async Task ALeadsLaterEvent_WaitsUntilItsEarlierOneIsDelivered_WhileOtherLeadsGoOn()
    {
        var settings = Settings(events: ["tier_changed", "sla_breached"]);
        var dispatcher = Dispatcher();
        await dispatcher.RunOnceAsync(_w.Db, settings);
        StoreTierALead("L-A");
        _w.Tick();
        _w.Clock.Advance(TimeSpan.FromMinutes(16));
        StoreTierALead("L-B");
        _w.Tick().SlaBreached.ShouldBe(1, "L-A's 15-minute task is past due");
        // L-A's tier change fails once; L-B's goes through in the same pass.
        var failedOnce = 0;
        _receiver.Answer = n => _receiver.Received[n].Body.Contains("\"L-A\"", StringComparison.Ordinal) && Interlocked.Exchange(ref failedOnce, 1) == 0 ? 500 : 200;

        var first = await dispatcher.RunOnceAsync(_w.Db, settings);
        _w.Clock.Advance(settings.Delivery.FirstRetry);
        var second = await dispatcher.RunOnceAsync(_w.Db, settings);
        var third = await dispatcher.RunOnceAsync(_w.Db, settings);

        first.Recorded.ShouldBe(3);
        first.Attempted.ShouldBe(2, "L-A's breach waits behind its failed tier change");
        second.Delivered.ShouldBe(1);
        third.Delivered.ShouldBe(1);
        var sent = _receiver.Received.Select(r => JsonNode.Parse(r.Body)!).Select(b => $"{b["data"]!["leadId"]} {b["type"]}").ToList();
        sent.Where(s => s.StartsWith("L-A", StringComparison.Ordinal)).ShouldBe(["L-A lead.tier_changed", "L-A lead.tier_changed", "L-A lead.sla_breached"]);
        sent.ShouldContain("L-B lead.tier_changed");
        first.Delivered.ShouldBe(1, "another lead is not held up");
        _w.Db.Deliveries.List(DeliveryState.Delivered).Count.ShouldBe(3);
    }

    [Fact]
    public async Task WorkerStoppedMidRequest_LeavesTheDeliveryPending_AndAfterARestartItIsSentWithTheSameWebhookId()
    {
        _receiver.Answer = n => n == 0 ? WebhookReceiver.Hang : 200;
        var settings = Settings();
        await Dispatcher().RunOnceAsync(_w.Db, settings);
        StoreTierALead("L-A");
        _w.Tick();

        using (var before = ScoreDatabase.Open(_w.DbPath, _w.Clock))
        using (var stop = new CancellationTokenSource())
        {
            var inFlight = Dispatcher().RunOnceAsync(before, settings, cancellationToken: stop.Token);
            await _receiver.WaitForAsync(1);
            // The stop lands while the receiver holds the request: what a kill at that moment leaves.
            await stop.CancelAsync();
            await Should.ThrowAsync<TaskCanceledException>(() => inFlight);
        }

        var left = _w.Db.Deliveries.List().ShouldHaveSingleItem();
        left.State.ShouldBe(DeliveryState.Pending);
        left.Attempts.ShouldBe(0, "nothing is recorded until the receiver answers");
        using var after = ScoreDatabase.Open(_w.DbPath, _w.Clock);
        var restarted = await Dispatcher().RunOnceAsync(after, settings);

        restarted.Recorded.ShouldBe(0, "the outbox row was recorded once, before the stop");
        restarted.Delivered.ShouldBe(1);
        _receiver.Received.Count.ShouldBe(2);
        _receiver.Received.ShouldAllBe(r => r.WebhookId == left.WebhookId);
    }

    [Fact]
    public async Task DeliveryInFlight_DoesNotHoldAScoringTick()
    {
        _receiver.Answer = n => n == 0 ? WebhookReceiver.Hang : 200;
        var settings = Settings();
        var dispatcher = Dispatcher();
        await dispatcher.RunOnceAsync(_w.Db, settings);
        StoreTierALead("L-A");
        _w.Tick();
        using var delivering = ScoreDatabase.Open(_w.DbPath, _w.Clock);
        var inFlight = dispatcher.RunOnceAsync(delivering, settings);
        await _receiver.WaitForAsync(1);

        StoreTierALead("L-B");
        var tick = _w.Tick();

        tick.TierChanges.ShouldBe(1, "scoring stores its batch while a receiver holds a request");
        _w.Clock.Advance(settings.Delivery.Timeout);
        (await inFlight).Failed.ShouldBe(1);
    }

    [Fact]
    public async Task SlackSubscription_ForTierA_PostsOneLineOfText()
    {
        var settings = Settings(format: "slack", tiers: ["A"], secret: false);
        var dispatcher = Dispatcher();
        await dispatcher.RunOnceAsync(_w.Db, settings);
        StoreTierALead("L-A");
        _w.StoreSample(40);
        _w.Tick();

        var pass = await dispatcher.RunOnceAsync(_w.Db, settings);

        // Tier changes only: the routed rows of tier A leads are an event this subscription did not ask for.
        var tierA = _w.Db.Scores.ChangesAfter(0, 10_000).Count(c => c.ToTier == "A" && c.Kind == Storage.Scores.TierChange.TierChanged);
        pass.Delivered.ShouldBe(tierA, "only leads entering tier A");
        var slack = _receiver.Received.Select(r => JsonNode.Parse(r.Body)!.AsObject()).ToList();
        slack.ShouldAllBe(b => b.Count == 1 && b.ContainsKey("text"));
        var line = slack.Select(b => (string)b["text"]!).Single(t => t.Contains("L-A", StringComparison.Ordinal));
        line.ShouldStartWith("Tier A: lead L-A (was new), score ");
        line.ShouldContain("Why now: ");
        _receiver.Received.ShouldAllBe(r => r.Signature == null, "no secret, no signature");
    }

    [Fact]
    public async Task SecretVariableUnset_HoldsTheSubscriptionsDeliveries_AndTheyGoOnceItIsSet()
    {
        string? value = null;
        var settings = Settings();
        var dispatcher = new WebhookDispatcher(_http, _w.Clock, new Random(Seed), _ => value, NullLogger.Instance);
        await dispatcher.RunOnceAsync(_w.Db, settings);
        StoreTierALead("L-A");
        _w.Tick();

        var held = await dispatcher.RunOnceAsync(_w.Db, settings);
        value = Secret;
        var sent = await dispatcher.RunOnceAsync(_w.Db, settings);

        held.Recorded.ShouldBe(1);
        held.Attempted.ShouldBe(0);
        sent.Delivered.ShouldBe(1);
        _receiver.Received.ShouldHaveSingleItem().SignatureVerified.ShouldBeTrue();
    }

    [SkippableFact]
    public async Task Postgres_RetryThenDelivered_AndTheLogReadsTheSame()
    {
        postgres.SkipUnlessAvailable(output);
        using var w = new WorkerFixture(postgres.CreateDatabase());
        _receiver.Answer = n => n == 0 ? 500 : 200;
        var settings = Settings();
        var dispatcher = Dispatcher(w.Clock);
        await dispatcher.RunOnceAsync(w.Db, settings);
        StoreTierALead("L-A", w);
        w.Tick();

        (await dispatcher.RunOnceAsync(w.Db, settings)).Failed.ShouldBe(1);
        w.Clock.Advance(settings.Delivery.MaxRetry);
        (await dispatcher.RunOnceAsync(w.Db, settings)).Delivered.ShouldBe(1);

        var delivery = w.Db.Deliveries.List(subscription: "crm", leadId: "L-A").ShouldHaveSingleItem();
        delivery.State.ShouldBe(DeliveryState.Delivered);
        w.Db.Deliveries.Find(delivery.WebhookId).ShouldBe(delivery);
        w.Db.Deliveries.Attempts(delivery.Id).Select(a => a.Status).ShouldBe([500, 200]);
        _receiver.Received.ShouldAllBe(r => r.SignatureVerified && r.WebhookId == delivery.WebhookId);
        w.Db.Deliveries.Resend(delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).State.ShouldBe(DeliveryState.Pending);
    }

    private WebhookDispatcher Dispatcher(TimeProvider? time = null) =>
        new(_http, time ?? _w.Clock, new Random(Seed), name => name == "CRM_SECRET" ? Secret : null, NullLogger.Instance);

    /// <summary>A webhooks.json with one subscription to the receiver, read the way validate and the worker read it.</summary>
    private WebhookSettings Settings(int maxAttempts = 8, int timeoutSeconds = 10, string format = "standard", string[]? tiers = null,
        string[]? events = null, bool secret = true)
    {
        var subscription = new JsonObject
        {
            ["name"] = "crm",
            ["url"] = _receiver.Url.ToString(),
            ["events"] = new JsonArray([.. (events ?? ["tier_changed"]).Select(e => JsonValue.Create(e))]),
            ["format"] = format,
        };
        if (secret)
        {
            subscription["secretEnv"] = "CRM_SECRET";
        }

        if (tiers is not null)
        {
            subscription["tiers"] = new JsonArray([.. tiers.Select(t => JsonValue.Create(t))]);
        }

        var file = new JsonObject
        {
            ["delivery"] = new JsonObject { ["maxAttempts"] = maxAttempts, ["timeoutSeconds"] = timeoutSeconds, ["firstRetrySeconds"] = 30, ["maxRetrySeconds"] = 600 },
            ["subscriptions"] = new JsonArray(subscription),
        };
        File.WriteAllText(Path.Combine(_w.RulesDirectory, WebhookSettings.File), file.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var read = WebhookSettingsReader.Read(_w.RulesDirectory, null, name => name == "CRM_SECRET" ? Secret : null);
        read.Errors.ShouldBeEmpty();
        return read.Settings!;
    }

    /// <summary>A VP at a 300-person software company who asked for a demo just now: tier A, call within 15 minutes.</summary>
    private void StoreTierALead(string leadId, WorkerFixture? w = null)
    {
        w ??= _w;
        var now = w.Clock.GetUtcNow();
        w.Db.Leads.Save([new Lead(leadId, new Dictionary<string, string>
        {
            ["email"] = $"vp-{leadId.ToLowerInvariant()}@acme-logistics.com", ["employees"] = "300", ["industry"] = "Software", ["country"] = "United States",
            ["title"] = "VP Sales", ["function"] = "Sales",
        }, [new Signal("demo_request", now.AddMinutes(-2)), new Signal("pricing_view", now.AddDays(-1))])]);
    }
}
