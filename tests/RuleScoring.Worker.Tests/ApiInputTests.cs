using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RuleScoring.Core.Leads;
using RuleScoring.Worker.Tests.Support;

namespace RuleScoring.Worker.Tests;

/// <summary>What the API refuses, and that every refusal is a JSON body saying why.</summary>
public sealed class ApiInputTests : IDisposable
{
    private readonly WorkerFixture _w = new();

    public ApiInputTests()
    {
        _w.Db.Leads.Save([new Lead("L-1", new Dictionary<string, string> { ["employees"] = "300" }, [])]);
    }

    public void Dispose() => _w.Dispose();

    [Theory]
    [InlineData("/signals", "{\"lead_id\": \"L-1\", \"type\": \"pricing_view\", \"type\": \"demo_request\", \"occurred_at\": \"2026-11-20T10:00:00Z\"}", "type")]
    [InlineData("/leads", "{\"lead_id\": \"L-1\", \"lead_id\": \"L-2\"}", "lead_id")]
    [InlineData("/leads/L-1/worked", "{\"at\": \"2026-11-20T10:00:00Z\", \"at\": \"2026-11-19T10:00:00Z\"}", "at")]
    public async Task Post_DuplicateJsonKey_IsRefusedNamingTheKey(string path, string body, string key)
    {
        await using var worker = await RunningWorker.StartAsync(_w);

        var (status, json) = await PostAsync(worker, path, body);

        status.ShouldBe(HttpStatusCode.BadRequest);
        var error = json.GetProperty("errors")[0];
        error.GetProperty("field").GetString().ShouldBe(key);
        error.GetProperty("message").GetString()!.ShouldContain("appears twice");
    }

    [Theory]
    [InlineData("9999-12-31T00:00:00Z", "more than a day after the worker's clock")]
    [InlineData("2026-11-22T12:00:00Z", "more than a day after the worker's clock")]
    [InlineData("1999-12-31T23:59:59Z", "before 2000")]
    [InlineData("2026-11-20T10:00:00+25:00", "UTC offset +25:00 is out of range")]
    public async Task PostWorked_AbsurdOrOutOfRangeTime_IsRefusedSayingWhy(string at, string why)
    {
        await using var worker = await RunningWorker.StartAsync(_w);

        var (status, json) = await PostAsync(worker, "/leads/L-1/worked", $"{{\"at\": \"{at}\"}}");

        status.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("errors")[0].GetProperty("message").GetString()!.ShouldContain(why);
    }

    [Fact]
    public async Task PostWorked_WithinADayOfTheClock_IsTaken()
    {
        await using var worker = await RunningWorker.StartAsync(_w);

        var (status, _) = await PostAsync(worker, "/leads/L-1/worked", $"{{\"at\": \"{Timestamps.Format(WorkerFixture.Start.AddHours(2))}\"}}");

        status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task PostSignal_OutOfRangeOffset_IsNamedAsSuch()
    {
        await using var worker = await RunningWorker.StartAsync(_w);

        var (status, json) = await PostAsync(worker, "/signals", "{\"lead_id\": \"L-1\", \"type\": \"pricing_view\", \"occurred_at\": \"2026-11-20T10:00:00-15:30\"}");

        status.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("errors")[0].GetProperty("message").GetString()!.ShouldContain("UTC offset -15:30 is out of range");
    }

    [Fact]
    public async Task PostSignals_BodyOverTheLimit_Answers413WithAJsonBodySayingTheLimit()
    {
        await using var worker = await RunningWorker.StartAsync(_w, configure: o => o.MaxRequestBodyBytes = 4096);
        var body = "[" + string.Join(',', Enumerable.Repeat("{\"lead_id\": \"L-1\", \"type\": \"pricing_view\", \"occurred_at\": \"2026-11-20T10:00:00Z\"}", 100)) + "]";

        var (status, json) = await PostAsync(worker, "/signals", body);

        status.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        json.GetProperty("error").GetString()!.ShouldContain("larger than the limit of 4,096 bytes");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> PostAsync(RunningWorker worker, string path, string body)
    {
        using var response = await worker.Http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldNotBeNullOrWhiteSpace($"{(int)response.StatusCode} carries a body");
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }
}
