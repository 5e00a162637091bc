using System.Text.Json;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Webhooks;

namespace RuleScoring.Cli.Tests;

/// <summary><c>rulescore deliveries</c> over a real delivery log, and validate's check of webhooks.json.</summary>
public sealed class DeliveriesCommandTests
{
    [Fact]
    public async Task Deliveries_List_CountsEveryStateAndNarrowsByStateLeadAndSubscription()
    {
        using var dir = new TempFolder();
        var (db, delivered, dead, pending) = await LogWithThreeDeliveries(dir);

        var all = await CliRun.RunAsync("deliveries", "--db", db);
        var onlyDead = await CliRun.RunAsync("deliveries", "--db", db, "--state", "dead");
        var byLead = await CliRun.RunAsync("deliveries", "--db", db, "--lead", pending.LeadId, "--subscription", "crm", "--format", "json");
        var other = await CliRun.RunAsync("deliveries", "--db", db, "--subscription", "slack");

        all.ExitCode.ShouldBe(0);
        all.Output.ShouldContain("deliveries: 1 pending, 1 delivered, 1 dead");
        all.Output.ShouldContain(delivered.WebhookId);
        onlyDead.Output.ShouldContain(dead.WebhookId);
        onlyDead.Output.ShouldNotContain(delivered.WebhookId);
        onlyDead.Output.ShouldNotContain(pending.WebhookId);
        using var json = JsonDocument.Parse(byLead.Output);
        json.RootElement.EnumerateArray().ShouldAllBe(d => d.GetProperty("leadId").GetString() == pending.LeadId);
        json.RootElement.EnumerateArray().ShouldContain(d => d.GetProperty("state").GetString() == "pending");
        other.Output.ShouldContain("none match");
    }

    [Fact]
    public async Task Deliveries_Show_GivesTheBodyAndEveryAttempt()
    {
        using var dir = new TempFolder();
        var (db, _, dead, _) = await LogWithThreeDeliveries(dir);

        var (code, output, _) = await CliRun.RunAsync("deliveries", "show", dead.WebhookId, "--db", db);

        code.ShouldBe(0);
        output.ShouldContain($"delivery {dead.Id}: dead, 2 attempt(s)");
        output.ShouldContain(dead.Body);
        output.ShouldContain("timeout: no answer within 10 s");
        output.ShouldContain("503");
    }

    [Fact]
    public async Task Deliveries_Resend_MakesADeadOnePendingWithItsWebhookId_AndRefusesAPendingOne()
    {
        using var dir = new TempFolder();
        var (db, _, dead, pending) = await LogWithThreeDeliveries(dir);

        var resend = await CliRun.RunAsync("deliveries", "resend", dead.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", db);
        var again = await CliRun.RunAsync("deliveries", "resend", pending.WebhookId, "--db", db);
        var missing = await CliRun.RunAsync("deliveries", "show", "msg_nope", "--db", db);
        var badState = await CliRun.RunAsync("deliveries", "--db", db, "--state", "lost");

        resend.ExitCode.ShouldBe(0);
        resend.Output.ShouldContain($"({dead.WebhookId}) to crm is pending again");
        using (var database = ScoreDatabase.Open(db, FixedClock.Create()))
        {
            var now = database.Deliveries.Find(dead.WebhookId).ShouldNotBeNull();
            now.State.ShouldBe(DeliveryState.Pending);
            now.Attempts.ShouldBe(0);
            now.Body.ShouldBe(dead.Body);
            database.Deliveries.Attempts(dead.Id).Count.ShouldBe(2, "the attempts before the re-send stay in the log");
        }

        again.ExitCode.ShouldBe(2);
        again.Error.ShouldContain("is pending already");
        missing.ExitCode.ShouldBe(2);
        missing.Error.ShouldContain("no delivery msg_nope");
        badState.ExitCode.ShouldBe(2);
        badState.Error.ShouldContain("'lost' is not pending, delivered or dead");
    }

    [Fact]
    public async Task Validate_ShippedWebhooks_AreCountedAndNeedNoSecretWhileDisabled()
    {
        var (code, output, error) = await CliRun.RunAsync("validate", "--rules", Repo.Rules);

        code.ShouldBe(0);
        error.ShouldBeEmpty();
        output.ShouldContain("2 webhook subscription(s) (0 enabled)");
        output.ShouldNotContain("webhooks.json");
    }

    [Fact]
    public async Task Validate_BadWebhooksFile_IsAnErrorNamingFileAndLine_AndExits1()
    {
        using var dir = new TempFolder();
        var rules = dir.CopyRules();
        var file = Path.Combine(rules, "webhooks.json");
        var text = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(file, text.Replace("\"https://crm.example.com/hooks/rulescore\"", "\"crm.example.com/hooks\"", StringComparison.Ordinal)
            .Replace("\"tiers\": [\"A\"]", "\"tiers\": [\"AA\"]", StringComparison.Ordinal));
        var lines = await File.ReadAllLinesAsync(file);
        int Line(string s) => Array.FindIndex(lines, l => l.Contains(s, StringComparison.Ordinal)) + 1;

        var (code, _, error) = await CliRun.RunAsync("validate", "--rules", rules);

        code.ShouldBe(1);
        error.ShouldContain($"webhooks.json:{Line("crm.example.com/hooks")}: error: subscription 'crm': url \"crm.example.com/hooks\" is not an absolute http:// or https:// URL");
        error.ShouldContain($"webhooks.json:{Line("\"AA\"")}: error: subscription 'slack-tier-a': tier \"AA\" is not one of tiers.json's");
        error.ShouldContain("2 error(s) in");
    }

    /// <summary>A scored sample database whose delivery log holds one delivered, one dead and one pending delivery to "crm".</summary>
    [Fact]
    public async Task Report_DeliveryLog_CountsByStateAndEventInTextJsonAndHtml()
    {
        using var dir = new TempFolder();
        var (db, _, _, pending) = await LogWithThreeDeliveries(dir);
        using (var store = ScoreDatabase.Open(db, FixedClock.Create()))
        {
            // The pending one fails once: it is retrying now.
            store.Deliveries.RecordAttempt(pending.Id, FixedClock.Now, 500, "HTTP 500", 3, delivered: false, FixedClock.Now.AddMinutes(1));
        }

        var text = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", db);
        var json = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", db, "--format", "json");
        var html = Path.Combine(dir.Path, "council.html");
        var page = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", db, "--html", html);

        text.ExitCode.ShouldBe(0, text.Error);
        text.Output.ShouldContain("Webhook deliveries 2026-10-01T00:00:00Z to 2026-11-20T12:00:00Z");
        var lines = text.Output.Split('\n').Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
        lines.ShouldContain("event delivered retrying queued dead letter total");
        lines.ShouldContain("lead.tier_changed 1 1 0 1 3");
        lines.ShouldContain("all 1 1 0 1 3");
        json.ExitCode.ShouldBe(0, json.Error);
        using var doc = JsonDocument.Parse(json.Output);
        var deliveries = doc.RootElement.GetProperty("webhook_deliveries");
        deliveries.GetProperty("total").GetInt64().ShouldBe(3);
        deliveries.GetProperty("by_state").GetProperty("delivered").GetInt64().ShouldBe(1);
        deliveries.GetProperty("by_state").GetProperty("retrying").GetInt64().ShouldBe(1);
        deliveries.GetProperty("by_state").GetProperty("dead_letter").GetInt64().ShouldBe(1);
        var byEvent = deliveries.GetProperty("by_event").EnumerateArray().ShouldHaveSingleItem();
        byEvent.GetProperty("event").GetString().ShouldBe("lead.tier_changed");
        byEvent.GetProperty("total").GetInt64().ShouldBe(3);
        page.ExitCode.ShouldBe(0, page.Error);
        var written = await File.ReadAllTextAsync(html);
        written.ShouldContain("id=\"sla-webhooks\"");
        written.ShouldContain("<th scope=\"row\">lead.tier_changed</th><td>1</td><td>1</td><td>0</td><td>1</td><td>3</td>");
    }

    [Fact]
    public async Task Report_NoDeliveries_SaysSo()
    {
        using var dir = new TempFolder();
        var db = Path.Combine(dir.Path, "test.db");
        var (leads, signals) = SampleCsv.Write(dir);
        (await CliRun.RunAsync("import", "leads", leads, "--db", db)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("import", "signals", signals, "--db", db)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("rescore", "--db", db, "--rules", Repo.Rules)).ExitCode.ShouldBe(0);

        var text = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", db);
        var json = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", db, "--format", "json");

        text.ExitCode.ShouldBe(0, text.Error);
        text.Output.ShouldContain("Webhook deliveries 2026-10-01T00:00:00Z to 2026-11-20T12:00:00Z");
        text.Output.ShouldContain("  no webhook deliveries");
        using var doc = JsonDocument.Parse(json.Output);
        doc.RootElement.GetProperty("webhook_deliveries").GetProperty("total").GetInt64().ShouldBe(0);
        doc.RootElement.GetProperty("webhook_deliveries").GetProperty("by_event").GetArrayLength().ShouldBe(0);
    }

    private static async Task<(string Db, StoredDelivery Delivered, StoredDelivery Dead, StoredDelivery Pending)> LogWithThreeDeliveries(TempFolder dir)
    {
        var db = Path.Combine(dir.Path, "test.db");
        var (leads, signals) = SampleCsv.Write(dir);
        (await CliRun.RunAsync("import", "leads", leads, "--db", db)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("import", "signals", signals, "--db", db)).ExitCode.ShouldBe(0);
        var clock = FixedClock.Create();
        using (var database = ScoreDatabase.Open(db, clock))
        {
            database.Deliveries.Cursor("crm").ShouldBe(0, "a new subscription starts at the outbox's end, here its start");
        }

        (await CliRun.RunAsync("rescore", "--db", db, "--rules", Repo.Rules)).ExitCode.ShouldBe(0);
        using var store = ScoreDatabase.Open(db, clock);
        var changes = store.Scores.ChangesAfter(0, 3);
        changes.Count.ShouldBe(3);
        store.Deliveries.Enqueue("crm", [.. changes.Select(c => new NewDelivery($"msg_test{c.Id}", c.Id, c.LeadId, "lead.tier_changed", $$"""{"eventId":{{c.Id}}}"""))], changes[^1].Id);
        var rows = store.Deliveries.List().OrderBy(d => d.Id).ToList();
        var at = clock.GetUtcNow();
        store.Deliveries.RecordAttempt(rows[0].Id, at, 200, null, 12, delivered: true, null);
        store.Deliveries.RecordAttempt(rows[1].Id, at, null, "timeout: no answer within 10 s", 10_000, delivered: false, at.AddSeconds(30));
        store.Deliveries.RecordAttempt(rows[1].Id, at.AddSeconds(30), 503, "HTTP 503 Service Unavailable", 5, delivered: false, null);
        return (db, store.Deliveries.Find(rows[0].WebhookId)!, store.Deliveries.Find(rows[1].WebhookId)!, store.Deliveries.Find(rows[2].WebhookId)!);
    }
}
