using System.Text.Json.Nodes;
using RuleScoring.Core.Governance;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Governance;

public sealed class GovernancePolicyTests
{
    [Fact]
    public void ShippedModel_HasThePlaybookApprovalTable()
    {
        var policy = DefaultModel.RuleSet.Governance.ShouldNotBeNull();

        policy.Roles.Keys.ShouldBe(["marketing", "sales"], ignoreOrder: true);
        policy.RuleFor(ChangeClass.Weights).Roles.ShouldBe(["marketing"]);
        policy.RuleFor(ChangeClass.Thresholds).Roles.ShouldBe(["marketing", "sales"], ignoreOrder: true);
        policy.RuleFor(ChangeClass.Thresholds).NeedsAll.ShouldBeTrue();
        var emergency = policy.RuleFor(ChangeClass.Emergency);
        emergency.MinApprovals.ShouldBe(1);
        emergency.RetroReviewDays.ShouldNotBeNull().ShouldBeGreaterThan(0);
    }

    [Fact]
    public void PolicyChange_NeedsEveryRole()
    {
        var policy = DefaultModel.RuleSet.Governance.ShouldNotBeNull();

        policy.RuleFor(ChangeClass.Governance).Roles.ShouldBe(policy.Roles.Keys.ToArray());
        policy.RuleFor(ChangeClass.Governance).NeedsAll.ShouldBeTrue();
    }

    [Fact]
    public void UnknownRoleInAClass_IsAnErrorOnItsLine()
    {
        using var rules = new RulesCopy().EditJson("model.json", m => m["governance"]!["classes"]!["thresholds"]!["approvals"] = new JsonArray("marketing", "finance"));

        var problem = RuleSetLoader.Validate(rules.Directory).Errors.ShouldHaveSingleItem();

        problem.File.ShouldBe("model.json");
        problem.Message.ShouldContain("'finance' is not one of the roles");
        LineText(rules, problem).ShouldContain("\"thresholds\"");
    }

    [Fact]
    public void MissingClass_UnknownClassAndBadEmergency_AreEachReported()
    {
        using var rules = new RulesCopy().EditJson("model.json", m =>
        {
            var classes = m["governance"]!["classes"]!.AsObject();
            classes.Remove("disqualifiers");
            classes["weigths"] = new JsonObject { ["approvals"] = new JsonArray("marketing") };
            classes["emergency"]!.AsObject().Remove("retroReviewDays");
            classes["emergency"]!["minApprovals"] = 3;
        });

        var messages = RuleSetLoader.Validate(rules.Directory).Errors.Select(e => e.Message).ToArray();

        messages.ShouldContain(m => m.Contains("class 'disqualifiers'") && m.Contains("missing"));
        messages.ShouldContain(m => m.Contains("unknown change class 'weigths'"));
        messages.ShouldContain(m => m.Contains("retroReviewDays must be at least 1"));
        messages.ShouldContain(m => m.Contains("minApprovals 3"));
    }

    [Fact]
    public void MisspeltGovernanceMember_IsRejected()
    {
        using var rules = new RulesCopy().EditJson("model.json", m => m["governance"]!["classes"]!["weights"]!["aprovals"] = new JsonArray("sales"));

        RuleSetLoader.Validate(rules.Directory).Errors.ShouldHaveSingleItem().Message.ShouldContain("aprovals");
    }

    [Fact]
    public void ModelWithoutGovernance_StillLoads()
    {
        using var rules = new RulesCopy().EditJson("model.json", m => m.AsObject().Remove("governance"));

        RuleSetLoader.Load(rules.Directory).Governance.ShouldBeNull();
    }

    private static string LineText(RulesCopy rules, RuleProblem problem) =>
        File.ReadAllLines(Path.Combine(rules.Directory, problem.File))[problem.Line.ShouldNotBeNull() - 1];
}
