using RuleScoring.Core.Governance;
using RuleScoring.Core.Rules;
using RuleScoring.Tests.Support;
using Shouldly;

namespace RuleScoring.Core.Tests.Routing;

public sealed class RoutingDiffTests
{
    [Theory]
    [InlineData("teams.json", "\"capacityPerDay\": 10,", "\"capacityPerDay\": 14,")]
    [InlineData("routing.json", "\"reason\": \"territory EMEA, enterprise\"", "\"reason\": \"territory EMEA (enterprise)\"")]
    [InlineData("plays.json", "I have two slots tomorrow", "I have three slots tomorrow")]
    public void Diff_RoutingTeamOrPlayChange_IsNamedAndNeedsSalesOps(string file, string from, string to)
    {
        using var head = new RulesCopy().Edit(file, t => t.Replace(from, to, StringComparison.Ordinal));
        var baseRules = RuleSetLoader.Load(Repo.Rules);

        var diff = RuleSetDiffer.Compare(baseRules, RuleSetLoader.Load(head.Directory));

        var change = diff.Changes.ShouldHaveSingleItem();
        change.Area.ShouldBe(ChangeArea.Routing);
        change.Subject.ShouldBe(file);
        change.Class.ShouldBe(ChangeClass.Routing);
        baseRules.Governance!.RuleFor(ChangeClass.Routing).Roles.ShouldBe(["sales"]);
    }
}
