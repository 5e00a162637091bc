using RuleScoring.Core.Governance;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Accounts;

public sealed class AccountDiffTests
{
    [Fact]
    public void Compare_AccountPointsAndAccountTierThreshold_AreAWeightAndAThreshold()
    {
        using var head = new RulesCopy().EditJson("account.json", w =>
        {
            RulesCopy.Rule(w, "account.committee_three_roles")["Properties"]!["points"] = 45;
            RulesCopy.Rule(w, "account.tier.1")["Expression"] = "account.Score >= 75 and account.RolesEngaged >= 3";
        });

        var changes = RuleSetDiffer.Compare(RuleSetLoader.Load(Repo.Rules), RuleSetLoader.Load(head.Directory)).Changes;

        changes.Count.ShouldBe(2);
        changes.ShouldContain(c => c.Subject == "account.committee_three_roles" && c.Field == "points" && c.Before == "40" && c.After == "45" && c.Class == ChangeClass.Weights);
        changes.ShouldContain(c => c.Subject == "account.tier.1" && c.Field == "threshold" && c.Class == ChangeClass.Thresholds);
    }

    [Fact]
    public void Compare_NewCommitteeRole_IsAThresholdChangeOfTheAccountModel()
    {
        using var head = new RulesCopy().EditJson("model.json", m => m["accounts"]!["roles"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = "procurement", ["label"] = "Procurement", ["when"] = "lead.Function == \"procurement\"",
        }));

        var change = RuleSetDiffer.Compare(RuleSetLoader.Load(Repo.Rules), RuleSetLoader.Load(head.Directory)).Changes.ShouldHaveSingleItem();

        change.Subject.ShouldBe("accounts");
        change.Field.ShouldBe("roles");
        change.After!.ShouldContain("procurement");
        change.Class.ShouldBe(ChangeClass.Thresholds);
    }
}
