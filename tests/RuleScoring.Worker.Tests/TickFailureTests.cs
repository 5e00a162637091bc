using System.Net;
using System.Text;
using Dapper;
using RuleScoring.Worker.Tests.Support;

namespace RuleScoring.Worker.Tests;

/// <summary>A tick whose database write fails: the worker says what happened without a stack trace, keeps running, and recovers.</summary>
public sealed class TickFailureTests : IDisposable
{
    private readonly WorkerFixture _w = new();

    public TickFailureTests() => _w.StoreSample(20);

    public void Dispose() => _w.Dispose();

    [Fact]
    public async Task Worker_DatabaseWriteFailsInATick_ReportsTheFileAndRollbackThenCarriesOn()
    {
        await using var worker = await RunningWorker.StartAsync(_w);
        // Any write of L-NEW's score fails, as a full disk would fail it.
        _w.Db.Connection.Execute("CREATE TRIGGER boom BEFORE INSERT ON scores_current WHEN NEW.lead_id = 'L-NEW' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
        var ticks = (await worker.HealthAsync()).GetProperty("ticks").GetInt64();

        await PostLead(worker);

        string? message = null;
        await worker.UntilAsync(async () =>
        {
            using var response = await worker.Http.GetAsync(new Uri("/health", UriKind.Relative));
            var health = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            message = health.GetProperty("last_error").ValueKind == System.Text.Json.JsonValueKind.Object ? health.GetProperty("last_error").GetProperty("message").GetString() : null;
            return message is not null;
        }, "the failed tick on /health");
        message.ShouldNotBeNull().ShouldStartWith($"{_w.DbPath}: the database failed");
        message.ShouldContain("disk on fire");
        message.ShouldContain("was rolled back");
        message.ShouldNotContain("   at ");
        _w.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores WHERE lead_id = 'L-NEW'").ShouldBe(0, "the failed batch left no half-written score");

        _w.Db.Connection.Execute("DROP TRIGGER boom");
        await PostLead(worker);

        await worker.UntilAsync(async () =>
        {
            using var card = await worker.Http.GetAsync(new Uri("/leads/L-NEW", UriKind.Relative));
            return card.StatusCode == HttpStatusCode.OK;
        }, "L-NEW scored once the database takes writes again");
        (await worker.HealthAsync()).GetProperty("ticks").GetInt64().ShouldBeGreaterThan(ticks, "the loop kept ticking after the failed one");
    }

    private static async Task PostLead(RunningWorker worker)
    {
        using var response = await worker.Http.PostAsync(new Uri("/leads", UriKind.Relative), new StringContent(
            """{"lead_id": "L-NEW", "attributes": {"employees": 800, "country": "Germany"}, "signals": [{"type": "webinar_attended", "occurred_at": "2026-11-18T15:00:00Z"}]}""",
            Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }
}
