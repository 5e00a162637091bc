using System.Net;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Scoring;
using RuleScoring.Worker.Tests.Support;

namespace RuleScoring.Worker.Tests;

/// <summary>What the API's bodies look like byte for byte where clients and the card's own writer depend on it.</summary>
public sealed class ApiWireTests : IDisposable
{
    private const string LeadId = "L-<é'>";

    private readonly WorkerFixture _w = new();

    public ApiWireTests()
    {
        _w.Db.Leads.Save([new Lead(LeadId, new Dictionary<string, string>
        {
            ["email"] = "pat@acme-logistics.com", ["employees"] = "300", ["industry"] = "Software", ["country"] = "United States",
            ["title"] = "VP Sales", ["function"] = "Sales",
        }, [new Signal("pricing_view", WorkerFixture.Start.AddDays(-2))])]);
    }

    public void Dispose() => _w.Dispose();

    [Fact]
    public async Task GetLead_Scored_EmbedsTheStoredCardAsItsWriterWritesItAndPutsTheAccountKeyFirst()
    {
        await using var worker = await RunningWorker.StartAsync(_w);
        var path = new Uri("/leads/" + Uri.EscapeDataString(LeadId), UriKind.Relative);

        using var response = await worker.Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldBe("application/json");
        var current = _w.Db.Scores.Current(LeadId).ShouldNotBeNull();
        body.ShouldStartWith($"{{\"lead_id\":\"L-\\u003C\\u00E9\\u0027\\u003E\",\"score_id\":{current.Id},\"previous_tier\":null,"
            + $"\"card\":{ScoreCardJson.Serialize(current.Card)},\"sla_tasks\":");
        body.ShouldContain(",\"account\":{\"key\":\"acme-logistics.com\",\"tier\":");
        body.ShouldEndWith("\"roles_missing\":[\"economic_buyer\",\"technical_evaluator\",\"champion\"]}}");
    }
}
