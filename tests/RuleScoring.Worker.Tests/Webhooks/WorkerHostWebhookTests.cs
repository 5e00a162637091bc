using System.Text.Json.Nodes;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Webhooks;
using RuleScoring.Storage.Webhooks;
using RuleScoring.Tests.Webhooks;
using RuleScoring.Worker.Tests.Support;

namespace RuleScoring.Worker.Tests.Webhooks;

/// <summary>The whole worker host with an enabled subscription: deliveries run beside scoring.</summary>
public sealed class WorkerHostWebhookTests : IDisposable
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private readonly WorkerFixture _w = new();

    public void Dispose() => _w.Dispose();

    [Fact]
    public async Task Worker_SubscriptionInTheFileAtStart_HearsTheFirstTicksTierChange_Signed()
    {
        WebhookSecret.TryParse(Secret, out var key, out _).ShouldBeTrue();
        await using var receiver = await WebhookReceiver.StartAsync(key);
        File.WriteAllText(Path.Combine(_w.RulesDirectory, WebhookSettings.File), new JsonObject
        {
            ["subscriptions"] = new JsonArray(new JsonObject
            {
                ["name"] = "crm", ["url"] = receiver.Url.ToString(), ["events"] = new JsonArray("tier_changed"), ["secret"] = Secret,
            }),
        }.ToJsonString());
        _w.Db.Leads.Save([new Lead("L-A", new Dictionary<string, string>
        {
            ["email"] = "vp@acme-logistics.com", ["employees"] = "300", ["industry"] = "Software", ["country"] = "United States",
            ["title"] = "VP Sales", ["function"] = "Sales",
        }, [new Signal("demo_request", WorkerFixture.Start.AddMinutes(-2))])]);

        await using var worker = await RunningWorker.StartAsync(_w, configure: o => o.DeliveryInterval = TimeSpan.FromSeconds(1));
        // The delivery loop waits on the worker's (fake) clock between passes: move it on until the post arrives.
        await worker.UntilAsync(() =>
        {
            _w.Clock.Advance(TimeSpan.FromSeconds(1));
            return Task.FromResult(receiver.Received.Count > 0);
        }, "the tier change's webhook");

        var got = receiver.Received[0];
        got.SignatureVerified.ShouldBeTrue();
        got.Body.ShouldContain("\"leadId\":\"L-A\"");
        got.Body.ShouldContain("\"type\":\"lead.tier_changed\"");
        await worker.UntilAsync(() => Task.FromResult(_w.Db.Deliveries.List(DeliveryState.Delivered).Count == 1), "the delivery marked delivered");
    }
}
