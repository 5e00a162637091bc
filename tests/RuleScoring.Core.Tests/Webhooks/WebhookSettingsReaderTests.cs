using System.Text.Json.Nodes;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Webhooks;

namespace RuleScoring.Core.Tests.Webhooks;

/// <summary>webhooks.json: what validate and the worker read, every problem with its line.</summary>
public sealed class WebhookSettingsReaderTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static readonly string[] Tiers = ["A", "B", "C", "D"];

    [Fact]
    public void Read_ShippedFile_HasNoErrorsAndSendsNothing()
    {
        var result = WebhookSettingsReader.Read(Repo.Rules, Tiers, _ => null);

        result.Errors.ShouldBeEmpty();
        var settings = result.Settings.ShouldNotBeNull();
        settings.Subscriptions.Count.ShouldBe(2);
        settings.Enabled.ShouldBeEmpty("the demo must not post anywhere");
        settings.Subscriptions.ShouldContain(s => s.Format == WebhookFormat.Slack && s.Tiers.SetEquals(new[] { "A" }));
    }

    [Fact]
    public void Read_FolderWithoutTheFile_IsNone()
    {
        using var folder = new TempFolder();

        var result = WebhookSettingsReader.Read(folder.Path);

        result.Problems.ShouldBeEmpty();
        result.Settings.ShouldBe(WebhookSettings.None);
    }

    [Fact]
    public void Read_GoodSubscription_GivesItsSettings()
    {
        using var rules = Write(Subscription(s => { s["tiers"] = new JsonArray("A", "B"); }), """ "delivery": { "maxAttempts": 3, "timeoutSeconds": 2 }, """);

        var result = WebhookSettingsReader.Read(rules.Path, Tiers, env => env == "CRM_SECRET" ? Secret : null);

        result.Problems.ShouldBeEmpty();
        var settings = result.Settings.ShouldNotBeNull();
        settings.Delivery.MaxAttempts.ShouldBe(3);
        settings.Delivery.Timeout.ShouldBe(TimeSpan.FromSeconds(2));
        settings.Delivery.FirstRetry.ShouldBe(DeliverySettings.Default.FirstRetry);
        var s = settings.Subscriptions.ShouldHaveSingleItem();
        s.Url.ShouldBe(new Uri("https://crm.example.com/hooks"));
        s.Events.ShouldBe([WebhookEvent.TierChanged]);
        s.Wants(WebhookEvent.TierChanged, "A").ShouldBeTrue();
        s.Wants(WebhookEvent.TierChanged, "C").ShouldBeFalse();
        s.Wants(WebhookEvent.SlaBreached, "A").ShouldBeFalse();
        s.ResolveKey(env => env == "CRM_SECRET" ? Secret : null, out var problem).ShouldNotBeNull();
        problem.ShouldBeNull();
    }

    [Theory]
    [InlineData("url", "\"ftp://crm.example.com/x\"", "is not an absolute http:// or https:// URL")]
    [InlineData("url", "\"crm.example.com/hooks\"", "is not an absolute http:// or https:// URL")]
    [InlineData("url", "\"https://user:pw@crm.example.com/hooks\"", "user name or password")]
    [InlineData("events", "[\"tier_change\"]", "event \"tier_change\" is not one of tier_changed, sla_breached, routed, escalated")]
    [InlineData("events", "[]", "events is empty")]
    [InlineData("name", "\"CRM!\"", "lower case letters, digits")]
    [InlineData("format", "\"teams\"", "format \"teams\" is not standard or slack")]
    [InlineData("secretEnv", "\"not a name\"", "is not an environment variable name")]
    [InlineData("tiers", "[\"Z\"]", "tier \"Z\" is not one of tiers.json's (A, B, C, D)")]
    public void Read_BadValue_IsAnErrorOnItsLine(string property, string value, string message)
    {
        using var rules = Write(Subscription(s => s[property] = JsonNode.Parse(value)));

        var result = WebhookSettingsReader.Read(rules.Path, Tiers, _ => Secret);

        result.Settings.ShouldBeNull();
        var error = result.Errors.ShouldHaveSingleItem();
        error.File.ShouldBe("webhooks.json");
        error.Message.ShouldContain(message);
        error.Line.ShouldBe(LineOf(rules, $"\"{property}\""));
    }

    [Fact]
    public void Read_SecretWrittenInTheFile_IsAWarning_AndAMalformedOneAnError()
    {
        using var written = Write(Subscription(s => { s.Remove("secretEnv"); s["secret"] = Secret; }));
        using var malformed = Write(Subscription(s => { s.Remove("secretEnv"); s["secret"] = "hunter2"; }));

        var good = WebhookSettingsReader.Read(written.Path, Tiers, _ => null);
        var bad = WebhookSettingsReader.Read(malformed.Path, Tiers, _ => null);

        good.Errors.ShouldBeEmpty();
        good.Problems.ShouldHaveSingleItem().Message.ShouldContain("committed");
        bad.Errors.ShouldHaveSingleItem().Message.ShouldContain("starts with whsec_");
    }

    [Fact]
    public void Read_NoSecret_IsAnErrorForStandardButNotForSlack()
    {
        using var standard = Write(Subscription(s => s.Remove("secretEnv")));
        using var slack = Write(Subscription(s => { s.Remove("secretEnv"); s["format"] = "slack"; }));

        WebhookSettingsReader.Read(standard.Path, Tiers, _ => null).Errors.ShouldHaveSingleItem().Message.ShouldContain("no secret");
        WebhookSettingsReader.Read(slack.Path, Tiers, _ => null).Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Read_SecretVariableUnsetHere_IsAWarning_AndMalformedAnError()
    {
        using var rules = Write(Subscription(_ => { }));

        WebhookSettingsReader.Read(rules.Path, Tiers, _ => null).Problems.ShouldHaveSingleItem().Severity.ShouldBe(RuleProblemSeverity.Warning);
        WebhookSettingsReader.Read(rules.Path, Tiers, _ => "s3cret").Errors.ShouldHaveSingleItem().Message.ShouldContain("CRM_SECRET");
    }

    [Fact]
    public void Read_UnknownPropertyAndRepeatedName_AreErrorsWithLines()
    {
        using var typo = Write(Subscription(s => s["enable"] = true));
        using var twice = Write(Subscription(_ => { }) + ",\n" + Subscription(s => s["url"] = "https://other.example.com/"));

        var unknown = WebhookSettingsReader.Read(typo.Path, Tiers, _ => Secret).Errors.ShouldHaveSingleItem();
        unknown.Message.ShouldContain("enable");
        unknown.Line.ShouldNotBeNull();
        var repeated = WebhookSettingsReader.Read(twice.Path, Tiers, _ => Secret).Errors.ShouldHaveSingleItem();
        repeated.Message.ShouldContain("appears twice");
        repeated.Line.ShouldBe(File.ReadAllLines(Path.Combine(twice.Path, "webhooks.json")).Select((l, i) => (l, i)).Where(x => x.l.Contains("\"name\"")).Skip(1).First().i + 1);
    }

    [Theory]
    [InlineData("\"maxAttempts\": 0", "delivery.maxAttempts is 0")]
    [InlineData("\"firstRetrySeconds\": 60, \"maxRetrySeconds\": 30", "below firstRetrySeconds")]
    public void Read_BadDeliverySettings_AreErrors(string delivery, string message)
    {
        using var rules = Write(Subscription(_ => { }), $$""" "delivery": { {{delivery}} }, """);

        WebhookSettingsReader.Read(rules.Path, Tiers, _ => Secret).Errors.ShouldHaveSingleItem().Message.ShouldContain(message);
    }

    private static string Subscription(Action<JsonObject> edit)
    {
        var s = new JsonObject
        {
            ["name"] = "crm",
            ["url"] = "https://crm.example.com/hooks",
            ["events"] = new JsonArray("tier_changed"),
            ["secretEnv"] = "CRM_SECRET",
        };
        edit(s);
        return s.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static TempFolder Write(string subscriptions, string delivery = "")
    {
        var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "webhooks.json"), $$"""
            {
              {{delivery}}
              "subscriptions": [
            {{subscriptions}}
              ]
            }
            """);
        return folder;
    }

    private static int LineOf(TempFolder folder, string text) =>
        File.ReadAllLines(Path.Combine(folder.Path, "webhooks.json")).Select((l, i) => (l, i)).First(x => x.l.Contains(text, StringComparison.Ordinal)).i + 1;
}
