using RuleScoring.Core.Rules;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Accounts;

public sealed class AccountModelLoaderTests
{
    [Fact]
    public void Load_ShippedRules_HaveAnAccountModelWithRolesAndTiers()
    {
        var accounts = RuleSetLoader.Load(Repo.Rules).Accounts.ShouldNotBeNull();

        accounts.Roles.Select(r => r.Name).ShouldBe(["economic_buyer", "technical_evaluator", "champion"]);
        accounts.TierRules[^1].Expression.ShouldBe("true");
        accounts.FreeMailList.ShouldBe("free_mail_domains");
    }

    [Fact]
    public void Validate_HasRoleOfAnUnknownRole_IsAnErrorOnThatRule()
    {
        using var rules = new RulesCopy().EditJson("account.json", w => RulesCopy.Rule(w, "account.economic_buyer")["Expression"] = "account.HasRole(\"economic_buyr\")");

        var error = RuleSetLoader.Validate(rules.Directory).Errors.ShouldHaveSingleItem();

        error.File.ShouldBe("account.json");
        error.Rule.ShouldBe("account.economic_buyer");
        error.Line.ShouldNotBeNull();
        error.Message.ShouldContain("economic_buyr");
    }

    [Fact]
    public void Validate_RoleExpressionUsingAnUnknownList_IsAnErrorInModelJson()
    {
        using var rules = new RulesCopy().EditJson("model.json", m => m["accounts"]!["roles"]![1]!["when"] = "lists.Contains(\"tech_functions\", lead.Function)");

        var error = RuleSetLoader.Validate(rules.Directory).Errors.ShouldHaveSingleItem();

        error.File.ShouldBe("model.json");
        error.Message.ShouldContain("tech_functions");
    }

    [Fact]
    public void Validate_AccountSectionWithoutAccountJson_IsAnError()
    {
        using var rules = new RulesCopy();
        File.Delete(Path.Combine(rules.Directory, "account.json"));

        RuleSetLoader.Validate(rules.Directory).Errors.ShouldContain(e => e.File == "model.json" && e.Message.Contains("account.json is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AccountJsonWithoutTierRules_IsAnError()
    {
        using var rules = new RulesCopy().EditJson("account.json", w =>
        {
            var list = w["Rules"]!.AsArray();
            foreach (var tier in list.Where(r => ((string)r!["RuleName"]!).StartsWith("account.tier.", StringComparison.Ordinal)).ToList())
            {
                list.Remove(tier);
            }
        });

        RuleSetLoader.Validate(rules.Directory).Errors.ShouldContain(e => e.File == "account.json" && e.Message.Contains("no account tier rules", StringComparison.Ordinal));
    }
}
