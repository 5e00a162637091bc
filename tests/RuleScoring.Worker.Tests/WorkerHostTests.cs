using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using RuleScoring.Worker.Tests.Support;

namespace RuleScoring.Worker.Tests;

public sealed class WorkerHostTests : IDisposable
{
    private readonly WorkerFixture _w = new();

    public WorkerHostTests()
    {
        _w.StoreSample(200);
        _w.StoreVpSales();
    }

    public void Dispose() => _w.Dispose();

    [Fact]
    public async Task PostSignal_DemoRequest_MovesTheTierWithinOneTickAndWritesTheOutbox()
    {
        await using var worker = await RunningWorker.StartAsync(_w);
        var before = await worker.GetJsonAsync("/leads/L-9001");
        var outbox = await worker.GetJsonAsync("/outbox");

        using var response = await worker.Http.PostAsJsonAsync(new Uri("/signals", UriKind.Relative),
            new { lead_id = "L-9001", type = "demo_request", occurred_at = "2026-11-20T11:59:00Z", event_id = "form-77" });

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await worker.UntilAsync(async () => Tier(await worker.GetJsonAsync("/leads/L-9001")) == "A", "L-9001 to reach tier A");
        Tier(before).ShouldNotBe("A");
        var changes = (await worker.GetJsonAsync($"/outbox?after={outbox.GetProperty("next").GetInt64()}")).GetProperty("changes").EnumerateArray().ToList();
        changes.ShouldContain(c => c.GetProperty("lead_id").GetString() == "L-9001" && c.GetProperty("to_tier").GetString() == "A");
        // The tick logs after it has stored the card the API just served: wait for the line rather than race it.
        await worker.UntilAsync(() => Task.FromResult(worker.Log().Contains("\"ForSignals\":1", StringComparison.Ordinal)), "the tick's log line counting the signal");
    }

    [Fact]
    public async Task PostSignal_SameEventTwice_StoresItOnce()
    {
        await using var worker = await RunningWorker.StartAsync(_w);
        var signal = new { lead_id = "L-9001", type = "pricing_view", occurred_at = "2026-11-20T10:00:00Z", event_id = "pv-1" };

        using var first = await worker.Http.PostAsJsonAsync(new Uri("/signals", UriKind.Relative), signal);
        using var second = await worker.Http.PostAsJsonAsync(new Uri("/signals", UriKind.Relative), new[] { signal });

        (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("inserted").GetInt32().ShouldBe(1);
        (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task PostSignals_DatabaseLockedByAnotherWriter_Answers503SayingNothingWasStored_ThenAcceptsTheRetry()
    {
        await using var worker = await RunningWorker.StartAsync(_w);
        var signals = _w.Db.Leads.SignalCount();
        const string body = """[{"lead_id": "L-9001", "type": "pricing_view", "occurred_at": "2026-11-20T10:00:00Z", "event_id": "locked-1"}]""";

        using (var blocker = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_w.DbPath};Pooling=False"))
        {
            blocker.Open();
            using var writeLock = blocker.BeginTransaction();
            using var refused = await worker.Http.PostAsync(new Uri("/signals", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            refused.Headers.RetryAfter.ShouldNotBeNull();
            var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString() ?? "";
            error.ShouldContain("another process is writing to this database");
            error.ShouldMatch("nothing (was changed|from this request was stored)");
        }

        _w.Db.Leads.SignalCount().ShouldBe(signals);
        using var retried = await worker.Http.PostAsync(new Uri("/signals", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        retried.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        _w.Db.Leads.SignalCount().ShouldBe(signals + 1);
    }

    [Fact]
    public async Task PostSignals_OneBadItemInABatch_Returns400WithFieldErrorsAndStoresNothing()
    {
        await using var worker = await RunningWorker.StartAsync(_w);
        var signals = _w.Db.Leads.SignalCount();
        var body = """
            [{"lead_id": "L-9001", "type": "pricing_view", "occurred_at": "2026-11-20T10:00:00Z"},
             {"lead_id": "L-9001", "type": "demo_requets", "occurred_at": "yesterday", "value": "lots", "colour": "red"},
             {"lead_id": "L-0000", "type": "pricing_view", "occurred_at": "2026-11-20T10:00:00Z"}]
            """;

        using var response = await worker.Http.PostAsync(new Uri("/signals", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()
            .Select(e => $"{e.GetProperty("item").GetInt32()}:{e.GetProperty("field").GetString()}").ToList();
        errors.ShouldBe(["1:colour", "1:type", "1:occurred_at", "1:value"], ignoreOrder: true);
        _w.Db.Leads.SignalCount().ShouldBe(signals);

        using var unknownLead = await worker.Http.PostAsync(new Uri("/signals", UriKind.Relative),
            new StringContent("""[{"lead_id": "L-9001", "type": "pricing_view", "occurred_at": "2026-11-20T10:00:00Z"}, {"lead_id": "L-0000", "type": "pricing_view", "occurred_at": "2026-11-20T10:00:00Z"}]""", Encoding.UTF8, "application/json"));
        unknownLead.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknownLead.Content.ReadAsStringAsync()).ShouldContain("no lead 'L-0000'");
        _w.Db.Leads.SignalCount().ShouldBe(signals, "the good item in the batch was not stored either");
    }

    [Fact]
    public async Task GetAccount_AfterATick_ShowsTheAccountCardAndTheLeadCardShowsItsTierAndCoverage()
    {
        await using var worker = await RunningWorker.StartAsync(_w);
        await worker.UntilAsync(async () =>
        {
            using var response = await worker.Http.GetAsync(new Uri("/accounts/acme-logistics.com", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }, "the account's first card");

        var account = await worker.GetJsonAsync("/accounts/ACME-logistics.com");
        var lead = await worker.GetJsonAsync("/leads/L-9001");
        using var gmail = await worker.Http.GetAsync(new Uri("/accounts/gmail.com", UriKind.Relative));

        account.GetProperty("card").GetProperty("account").GetString().ShouldBe("acme-logistics.com");
        account.GetProperty("card").GetProperty("contacts")[0].GetProperty("lead_id").GetString().ShouldBe("L-9001");
        account.GetProperty("history").GetArrayLength().ShouldBe(1);
        lead.GetProperty("account").GetProperty("key").GetString().ShouldBe("acme-logistics.com");
        lead.GetProperty("account").GetProperty("tier").GetString().ShouldBe(account.GetProperty("card").GetProperty("tier").GetProperty("tier").GetString());
        lead.GetProperty("account").GetProperty("committee_coverage").GetString().ShouldBe("0 of 3", "one pricing view is not engagement");
        gmail.StatusCode.ShouldBe(HttpStatusCode.NotFound, "free-mail domains never form an account");
    }

    [Fact]
    public async Task PostLeads_NewLead_IsScoredByTheNextTick()
    {
        await using var worker = await RunningWorker.StartAsync(_w);

        using var response = await worker.Http.PostAsync(new Uri("/leads", UriKind.Relative), new StringContent("""
            {"lead_id": "L-NEW", "attributes": {"email": "cto@contoso-data.com", "employees": 800, "industry": "Software", "country": "Germany", "title": "CTO"},
             "signals": [{"type": "webinar_attended", "occurred_at": "2026-11-18T15:00:00Z"}]}
            """, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await worker.UntilAsync(async () =>
        {
            using var card = await worker.Http.GetAsync(new Uri("/leads/L-NEW", UriKind.Relative));
            return card.StatusCode == HttpStatusCode.OK;
        }, "L-NEW's first card");
        var history = await worker.GetJsonAsync("/leads/L-NEW/history");
        history.GetProperty("history").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Api_WithAKey_RefusesCallsWithoutItButNotHealth()
    {
        await using var worker = await RunningWorker.StartAsync(_w, apiKey: "a-long-enough-test-key");
        using var anonymous = new HttpClient { BaseAddress = worker.Http.BaseAddress };

        using var refused = await anonymous.GetAsync(new Uri("/leads/L-9001", UriKind.Relative));
        using var health = await anonymous.GetAsync(new Uri("/health", UriKind.Relative));
        using var allowed = await worker.Http.GetAsync(new Uri("/leads/L-9001", UriKind.Relative));

        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RulesFolder_BrokenWhileRunning_KeepsScoringWithTheLastGoodVersionThenActivatesTheFix()
    {
        await using var worker = await RunningWorker.StartAsync(_w);
        var health = await worker.HealthAsync();
        health.GetProperty("rules").GetProperty("version").GetString().ShouldBe(WorkerFixture.ShippedVersion);

        _w.Edit("intent.json", t => t.Replace("""signals.Any(\"demo_request\")""", """signals.Anyy(\"demo_request\")""", StringComparison.Ordinal));
        await worker.UntilAsync(async () => (await worker.HealthAsync()).GetProperty("rules_rejected").ValueKind == JsonValueKind.Object, "the broken rules to be rejected");

        var rejected = await worker.HealthAsync();
        rejected.GetProperty("rules").GetProperty("version").GetString().ShouldBe(WorkerFixture.ShippedVersion);
        rejected.GetProperty("rules_rejected").GetProperty("problems").EnumerateArray()
            .ShouldContain(p => p.GetString()!.Contains("intent.json", StringComparison.Ordinal) && p.GetString()!.Contains("intent.demo_request", StringComparison.Ordinal));
        await worker.UntilAsync(() => Task.FromResult(worker.Log().Contains("intent.demo_request", StringComparison.Ordinal)), "the log to name intent.demo_request");
        using (var card = await worker.Http.GetAsync(new Uri("/leads/L-9001", UriKind.Relative)))
        {
            card.StatusCode.ShouldBe(HttpStatusCode.OK, "scores are still served");
        }

        _w.Edit("intent.json", t => t.Replace("""signals.Anyy(\"demo_request\")""", """signals.Any(\"demo_request\")""", StringComparison.Ordinal));
        _w.EditJson("behavior.json", w => WorkerFixture.Rule(w, "behavior.email_click")["Properties"]!["points"] = 6);
        var next = _w.BumpVersion();
        await worker.UntilAsync(async () =>
        {
            var h = await worker.HealthAsync();
            return h.GetProperty("rules").GetProperty("version").GetString() == next
                && h.GetProperty("last_tick").GetProperty("rules_version").GetString() == next;
        }, "the fixed rules to be active and scored");

        using var db = Storage.Database.ScoreDatabase.Open(_w.DbPath, _w.Clock);
        db.Connection.ExecuteScalar<long>("SELECT COUNT(DISTINCT rules_hash) FROM scores_current").ShouldBe(1, "every lead rescored under the new version");
        await worker.UntilAsync(() => Task.FromResult(worker.Log().Contains("behavior.email_click", StringComparison.Ordinal)), "the log to name behavior.email_click");
    }

    [Fact]
    public async Task Stop_WhileRunning_EndsTheLoopCleanly()
    {
        var worker = await RunningWorker.StartAsync(_w);

        await worker.DisposeAsync();

        worker.Log().ShouldContain("Worker stopped");
        using var db = Storage.Database.ScoreDatabase.Open(_w.DbPath, _w.Clock);
        db.Scores.CountScored().ShouldBe(db.Leads.Count(), "the first tick finished before the stop");
    }

    [Fact]
    public async Task Start_WithBadSettings_FailsNamingEverySetting()
    {
        var app = WorkerHost.Build(o =>
        {
            o.Database = _w.DbPath;
            o.Rules = Path.Combine(_w.Folder, "no-such-rules");
            o.Port = 70_000;
            o.BatchSize = 0;
            o.LogDirectory = Path.Combine(_w.Folder, "logs");
        }, _w.Clock);

        var failure = await Should.ThrowAsync<OptionsValidationException>(() => app.StartAsync());

        failure.Failures.ShouldContain(f => f.StartsWith("Rules:", StringComparison.Ordinal));
        failure.Failures.ShouldContain(f => f.StartsWith("Port:", StringComparison.Ordinal));
        failure.Failures.ShouldContain(f => f.StartsWith("BatchSize:", StringComparison.Ordinal));
        await app.DisposeAsync();
    }

    private static string? Tier(JsonElement lead) => lead.GetProperty("card").GetProperty("tier").ValueKind == JsonValueKind.Object
        ? lead.GetProperty("card").GetProperty("tier").GetProperty("tier").GetString()
        : lead.GetProperty("card").GetProperty("tier").GetString();
}
