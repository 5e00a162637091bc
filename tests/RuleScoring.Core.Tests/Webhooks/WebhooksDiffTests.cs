using RuleScoring.Core.Governance;
using RuleScoring.Core.Rules;
using RuleScoring.Tests.Support;
using Shouldly;

namespace RuleScoring.Core.Tests.Webhooks;

/// <summary>
/// webhooks.json is outside the model's hash (re-pointing a subscription rescores nothing), but a
/// pull request that sends lead data somewhere else is still a change the review names and approves.
/// </summary>
public sealed class WebhooksDiffTests
{
    private const string CrmUrl = "\"url\": \"https://crm.example.com/hooks/rulescore\"";

    [Fact]
    public void Diff_SubscriptionRePointed_IsNamedAsADeliveryChangeThatEveryRoleApproves()
    {
        using var head = new RulesCopy().Edit("webhooks.json", t => t.Replace(CrmUrl, "\"url\": \"https://collector.example.net/in\"", StringComparison.Ordinal));
        var baseRules = RuleSetLoader.Load(Repo.Rules);
        var headRules = RuleSetLoader.Load(head.Directory);

        var diff = RuleSetDiffer.Compare(baseRules, headRules);

        headRules.Identity.Hash.ShouldBe(baseRules.Identity.Hash, "configuration beside the model: no rescore");
        var change = diff.Changes.ShouldHaveSingleItem();
        change.Area.ShouldBe(ChangeArea.Webhooks);
        change.Subject.ShouldBe("webhooks.json");
        change.Class.ShouldBe(ChangeClass.Delivery);
        change.Before.ShouldBe("https://crm.example.com/hooks/rulescore");
        change.After.ShouldBe("https://collector.example.net/in");
        baseRules.Governance!.RuleFor(ChangeClass.Delivery).Roles.ShouldBe(baseRules.Governance.Roles.Keys, ignoreOrder: true);
    }

    [Fact]
    public void Diff_InlineSecret_IsNamedButNeverShown()
    {
        const string Before = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        const string After = "whsec_dGhlIG5ldyBzZWNyZXQgbm9ib2R5IHNlZXM=";
        using var @base = new RulesCopy().Edit("webhooks.json", t => t.Replace("\"secretEnv\": \"RULESCORE_CRM_WEBHOOK_SECRET\"", $"\"secret\": \"{Before}\"", StringComparison.Ordinal));
        using var head = new RulesCopy().Edit("webhooks.json", t => t.Replace("\"secretEnv\": \"RULESCORE_CRM_WEBHOOK_SECRET\"", $"\"secret\": \"{After}\"", StringComparison.Ordinal));

        var change = RuleSetDiffer.Compare(RuleSetLoader.Load(@base.Directory), RuleSetLoader.Load(head.Directory)).Changes.ShouldHaveSingleItem();

        change.Field.ShouldContain("secret");
        $"{change.Before} {change.After}".ShouldNotContain("whsec_");
    }

    [Fact]
    public void Review_WebhookChangeWithoutAVersionBump_Fails()
    {
        using var head = new RulesCopy().Edit("webhooks.json", t => t.Replace(CrmUrl, "\"url\": \"https://collector.example.net/in\"", StringComparison.Ordinal));
        var baseRules = RuleSetLoader.Load(Repo.Rules);

        var review = GovernanceReviewer.Review(RuleSetDiffer.Compare(baseRules, RuleSetLoader.Load(head.Directory)), baseRules.Governance, baseRules.Governance, ChangelogReader.Parse(""));

        review.Passed.ShouldBeFalse();
        review.Problems.ShouldContain(p => p.Message.Contains("version is still"));
        review.NeedsSummary().ShouldBe("marketing + sales");
    }

    [Fact]
    public void Review_WebhookChangeApprovedBySalesAlone_LacksMarketing()
    {
        using var head = new RulesCopy()
            .Edit("webhooks.json", t => t.Replace("\"enabled\": false", "\"enabled\": true", StringComparison.Ordinal))
            .EditJson("model.json", m => m["version"] = Core.Governance.SemanticVersion.NextMinor(m["version"]!.GetValue<string>()));
        var baseRules = RuleSetLoader.Load(Repo.Rules);
        var headRules = RuleSetLoader.Load(head.Directory);
        var entry = $"## {headRules.Identity.Version} — 2026-12-05\nTurn the CRM webhook on.\nApproved-by: sales (Marco Reyes)\n";

        var review = GovernanceReviewer.Review(RuleSetDiffer.Compare(baseRules, headRules), baseRules.Governance, headRules.Governance, ChangelogReader.Parse(entry));

        review.Passed.ShouldBeFalse();
        review.Problems.ShouldContain(p => p.Message.Contains("lacks approval from marketing") && p.Message.Contains("Webhook deliveries"));
    }
}
