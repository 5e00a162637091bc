using System.Net;
using System.Text.Json;
using RuleScoring.Core.Leads;
using RuleScoring.Worker.Tests.Support;

namespace RuleScoring.Worker.Tests;

/// <summary>GET /leads/{id}'s <c>routing</c> field: beside the card for a routed lead, absent for one never routed.</summary>
public sealed class LeadRoutingApiTests : IDisposable
{
    private readonly WorkerFixture _w = new();

    public void Dispose() => _w.Dispose();

    // Friday 2026-11-20 12:00 UTC (the fixture's clock): 07:00 in New York, when Tyler Brooks (sdr_us, 07:00-19:00) starts.
    private void StoreHotUsLead() => _w.Db.Leads.Save([new Lead("L-hot", new Dictionary<string, string>
    {
        ["email"] = "kim@northwind-traders.com", ["employees"] = "300", ["industry"] = "Software", ["country"] = "United States",
        ["title"] = "VP Sales", ["function"] = "Sales",
    }, [new Signal("demo_request", WorkerFixture.Start.AddHours(-1), EventId: "d"), new Signal("pricing_view", WorkerFixture.Start.AddHours(-1), EventId: "p")])]);

    private static async Task<string> GetLead(RunningWorker worker, string leadId)
    {
        using var response = await worker.Http.GetAsync(new Uri("/leads/" + Uri.EscapeDataString(leadId), UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task GetLead_Routed_HasQueueOwnerWhyAndPlay()
    {
        StoreHotUsLead();
        await using var worker = await RunningWorker.StartAsync(_w);

        using var body = JsonDocument.Parse(await GetLead(worker, "L-hot"));

        var card = body.RootElement.GetProperty("card");
        card.GetProperty("tier").GetProperty("tier").GetString().ShouldBe("A");
        var routing = body.RootElement.GetProperty("routing");
        routing.GetProperty("queue").GetString().ShouldBe("sdr_us");
        routing.GetProperty("owner").GetString().ShouldBe("tyler.brooks");
        routing.GetProperty("status").GetString().ShouldBe("assigned");
        routing.GetProperty("why").GetString().ShouldBe("territory Americas, round robin 1 of 1");
        routing.GetProperty("rule").GetString().ShouldBe("route.sdr_americas");
        routing.GetProperty("play").GetProperty("name").GetString().ShouldNotBeNullOrWhiteSpace();
        routing.GetProperty("play").GetProperty("talkTrack").GetString().ShouldNotBeNullOrWhiteSpace();
        var step = routing.GetProperty("steps").EnumerateArray().ShouldHaveSingleItem();
        step.GetProperty("kind").GetString().ShouldBe("routed");
        step.GetProperty("owner").GetString().ShouldBe("tyler.brooks");

        // Tier A counts Tyler's hours: the task says whose, in which zone.
        var task = body.RootElement.GetProperty("sla_tasks").EnumerateArray().ShouldHaveSingleItem();
        task.GetProperty("clock").GetString().ShouldBe("business hours of Tyler Brooks");
        task.GetProperty("clock_zone").GetString().ShouldBe("America/New_York");
    }

    [Fact]
    public async Task GetLead_NeverRouted_HasNoRoutingPropertyAndItsTasksNoClock()
    {
        // L-9001 viewed pricing once: not hot enough for a tier teams.json routes.
        _w.StoreVpSales();
        await using var worker = await RunningWorker.StartAsync(_w);

        var text = await GetLead(worker, "L-9001");
        using var body = JsonDocument.Parse(text);

        _w.Db.Routing.ForLead("L-9001").ShouldBeNull();
        body.RootElement.TryGetProperty("routing", out _).ShouldBeFalse(text);
        text.ShouldNotContain("\"routing\"");
        text.ShouldNotContain("\"clock");
        body.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["lead_id", "score_id", "previous_tier", "card", "sla_tasks", "account"]);
    }
}
