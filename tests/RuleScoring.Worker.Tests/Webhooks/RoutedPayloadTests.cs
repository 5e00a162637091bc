using System.Text.Json;
using RuleScoring.Core.Webhooks;
using RuleScoring.Storage.Routing;
using RuleScoring.Storage.Scores;
using RuleScoring.Worker.Webhooks;

namespace RuleScoring.Worker.Tests.Webhooks;

public sealed class RoutedPayloadTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 17, 0, 0, TimeSpan.Zero);

    private static readonly LeadRoute Route = new("L-1", "northwind.com", "sdr_us", "tyler.brooks", "assigned", "A", "route.sdr_americas",
        "territory Americas, round robin 1 of 2", null, """{"name":"demo_fast_follow","talkTrack":"Two slots tomorrow?","reason":"intent.demo_request"}""", At, At);

    private static readonly RouteStep Step = new(7, "L-1", "routed", At, "sdr_us", "tyler.brooks", "territory Americas, round robin 1 of 2", null);

    private static readonly TierChange Change = new(12, "L-1", 3, At, "A", "A", 61.5m, "1.0.0", "sha256:x", At, TierChange.Routed) { RouteStepId = 7 };

    [Fact]
    public void Build_Routed_CarriesTheStepTheRouteAndThePlay()
    {
        using var body = JsonDocument.Parse(WebhookPayload.Build(WebhookEvent.Routed, Change, null, WebhookFormat.Standard, Route, Step));

        body.RootElement.GetProperty("type").GetString().ShouldBe("lead.routed");
        var data = body.RootElement.GetProperty("data");
        data.GetProperty("step").GetProperty("owner").GetString().ShouldBe("tyler.brooks");
        data.GetProperty("step").GetProperty("kind").GetString().ShouldBe("routed");
        data.GetProperty("route").GetProperty("queue").GetString().ShouldBe("sdr_us");
        data.GetProperty("route").GetProperty("why").GetString().ShouldBe("territory Americas, round robin 1 of 2");
        data.GetProperty("play").GetProperty("name").GetString().ShouldBe("demo_fast_follow");
        data.GetProperty("play").GetProperty("talkTrack").GetString().ShouldBe("Two slots tomorrow?");
    }

    [Fact]
    public void Build_SlackEscalated_SaysWhoHasItAndWhy()
    {
        var step = Step with { Kind = "escalated", Owner = "dana.whitfield", Why = "SLA breached at 2026-11-20T17:15:00Z and not worked 60 min later: escalated to Dana Whitfield" };

        using var body = JsonDocument.Parse(WebhookPayload.Build(WebhookEvent.Escalated, Change with { Kind = TierChange.Escalated }, null, WebhookFormat.Slack, Route, step));

        body.RootElement.GetProperty("text").GetString().ShouldBe(
            "Escalated: lead L-1 (tier A) to dana.whitfield in sdr_us: SLA breached at 2026-11-20T17:15:00Z and not worked 60 min later: escalated to Dana Whitfield.");
    }

    [Fact]
    public void Build_Slack_LeadIdAndWhyFromImportedData_NeverPingTheChannelOrLink()
    {
        // Lead ids come from whatever CRM export was imported; Slack reads <...> as mentions and links.
        var step = Step with { Why = "territory <https://evil.example/login|Open in CRM> & more" };
        var change = Change with { LeadId = "<!channel> L-1" };

        using var body = JsonDocument.Parse(WebhookPayload.Build(WebhookEvent.Routed, change, null, WebhookFormat.Slack, Route, step));

        var text = body.RootElement.GetProperty("text").GetString()!;
        text.ShouldNotContain("<");
        text.ShouldNotContain(">");
        text.ShouldContain("lead &lt;!channel&gt; L-1");
        text.ShouldContain("&lt;https://evil.example/login|Open in CRM&gt; &amp; more");
    }

    [Fact]
    public void Routing_EventKinds_AreEmitted()
    {
        WebhookEvents.Emitted.ShouldContain(WebhookEvent.Routed);
        WebhookEvents.Emitted.ShouldContain(WebhookEvent.Escalated);
    }
}
