using System.Text.Json.Nodes;
using RuleScoring.Core.Governance;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Governance;

public sealed class GovernanceReviewerTests
{
    private const string Base = """
        ## 1.0.0 — 2026-11-20
        First version.
        Approved-by: marketing (Dana Whitfield), sales (Marco Reyes)
        """;

    // The base these tests change is the shipped rules pinned at 1.0.0, so the shipped model's own
    // version bumps do not move what "still 1.0.0" or "lower than the base's" means here.
    private static readonly RuleSet PinnedBase = Pinned();

    [Fact]
    public void NoChange_PassesWithoutAnEntry()
    {
        var review = Review(PinnedBase, "");

        review.Passed.ShouldBeTrue();
        review.Requirements.ShouldBeEmpty();
    }

    [Fact]
    public void ChangedRulesWithTheSameVersion_FailAndAskForABump()
    {
        using var copy = WeightChange(version: null);

        var review = Review(RuleSetLoader.Load(copy.Directory), Base);

        review.Passed.ShouldBeFalse();
        review.Problems.ShouldContain(p => p.File == "model.json" && p.Message.Contains("version is still 1.0.0") && p.Message.Contains("1.1.0"));
    }

    [Fact]
    public void LowerVersion_Fails()
    {
        using var copy = WeightChange(version: "0.9.0");

        Review(RuleSetLoader.Load(copy.Directory), Base).Problems.ShouldContain(p => p.Message.Contains("lower than the base's 1.0.0"));
    }

    [Fact]
    public void WeightChange_NeedsAnEntryThenMarketingOnly()
    {
        using var copy = WeightChange(version: "1.1.0");
        var head = RuleSetLoader.Load(copy.Directory);

        var withoutEntry = Review(head, Base);
        withoutEntry.Passed.ShouldBeFalse();
        withoutEntry.Problems.ShouldContain(p => p.File == "CHANGELOG.md" && p.Message.Contains("no entry for version 1.1.0"));
        withoutEntry.NeedsSummary().ShouldBe("marketing");

        var approved = Review(head, "## 1.1.0 — 2026-11-23\nComparison views 25 -> 35.\nApproved-by: marketing (Dana Whitfield)\n\n" + Base);
        approved.Passed.ShouldBeTrue(string.Join(Environment.NewLine, approved.Problems));
        approved.Requirements.ShouldHaveSingleItem().Found.ShouldHaveSingleItem().Name.ShouldBe("Dana Whitfield");
    }

    [Fact]
    public void MissingApproval_IsNamedWithTheClassThatNeedsIt()
    {
        using var copy = new RulesCopy()
            .EditJson("model.json", m => m["version"] = "1.1.0")
            .EditJson("tiers.json", w => RulesCopy.Rule(w, "tier.A")["Expression"] = "card.Fit >= 40 and card.Intent >= 35");

        var review = Review(RuleSetLoader.Load(copy.Directory), "## 1.1.0 — 2026-11-23\nTier A needs intent 35.\nApproved-by: marketing (Dana Whitfield)\n\n" + Base);

        review.Passed.ShouldBeFalse();
        var problem = review.Problems.ShouldHaveSingleItem();
        problem.Line.ShouldBe(1);
        problem.Message.ShouldContain("lacks approval from sales");
        problem.Message.ShouldContain("MQL/SQL or tier thresholds");
    }

    [Fact]
    public void UnknownRoleInApprovedBy_IsAnErrorOnItsLine()
    {
        using var copy = WeightChange(version: "1.1.0");

        var review = Review(RuleSetLoader.Load(copy.Directory), "## 1.1.0 — 2026-11-23\nMore points.\n\nApproved-by: marketting (Dana Whitfield)\n\n" + Base);

        review.Problems.ShouldContain(p => p.Line == 4 && p.Message.Contains("'marketting' is not a governance role"));
        review.Problems.ShouldContain(p => p.Message.Contains("lacks approval from marketing"));
    }

    [Fact]
    public void LooseningThePolicyInTheSameChange_IsJudgedByTheBasePolicy()
    {
        using var copy = new RulesCopy()
            .EditJson("model.json", m =>
            {
                m["version"] = "1.1.0";
                m["governance"]!["classes"]!["thresholds"]!["approvals"] = new JsonArray("marketing");
            })
            .EditJson("tiers.json", w => RulesCopy.Rule(w, "tier.A")["Expression"] = "card.Fit >= 40 and card.Intent >= 20");

        var review = Review(RuleSetLoader.Load(copy.Directory), "## 1.1.0 — 2026-11-23\nEasier tier A.\nApproved-by: marketing (Dana Whitfield)\n\n" + Base);

        review.Passed.ShouldBeFalse();
        review.Problems.ShouldContain(p => p.Message.Contains("lacks approval from sales") && p.Message.Contains("MQL/SQL or tier thresholds, Governance policy"));
    }

    [Fact]
    public void Emergency_ShipsWithOneApprovalAndSetsTheRetroReviewDate()
    {
        using var copy = new RulesCopy()
            .EditJson("model.json", m => m["version"] = "1.0.1")
            .EditJson("model.json", m => m["lists"]!["competitor_domains"]!.AsArray().Add("newrival.com"));

        var review = Review(RuleSetLoader.Load(copy.Directory),
            "## 1.0.1 — 2026-11-21\nBlock newrival.com.\nEmergency: their SDRs are flooding the demo form\nApproved-by: sales (Marco Reyes)\n\n" + Base);

        review.Passed.ShouldBeTrue(string.Join(Environment.NewLine, review.Problems));
        review.NeedsSummary().ShouldBe("1 of marketing, sales");
        review.RetroReviewDue.ShouldBe(new DateOnly(2026, 11, 26));
        review.Problems.ShouldHaveSingleItem().Severity.ShouldBe(RuleProblemSeverity.Warning);
    }

    [Fact]
    public void OverdueRetroReview_BlocksTheNextChangeUntilRecorded()
    {
        const string Emergency = "## 1.0.1 — 2026-11-01\nBlock newrival.com.\nEmergency: SDR flood\nApproved-by: sales (Marco Reyes)\n";
        using var copy = WeightChange(version: "1.1.0");
        var head = RuleSetLoader.Load(copy.Directory);
        var entry = "## 1.1.0 — 2026-11-23\nMore points.\nApproved-by: marketing (Dana Whitfield)\n\n";

        var overdue = Review(head, entry + Emergency + "\n" + Base);
        overdue.Passed.ShouldBeFalse();
        overdue.Problems.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            p => p.Line.ShouldBe(5),
            p => p.Message.ShouldContain("due for retro-review by 2026-11-06"),
            p => p.Message.ShouldContain("missing: marketing, sales"));

        var reviewed = Review(head, entry + Emergency + "Retro-reviewed-by: marketing (Dana Whitfield), sales (Marco Reyes)\n\n" + Base);
        reviewed.Passed.ShouldBeTrue(string.Join(Environment.NewLine, reviewed.Problems));
    }

    private static RulesCopy WeightChange(string? version)
    {
        var copy = new RulesCopy().EditJson("intent.json", w => RulesCopy.Rule(w, "intent.competitor_comparison")["Properties"]!["points"] = 35);
        return copy.EditJson("model.json", m => m["version"] = version ?? "1.0.0");
    }

    private static RuleSet Pinned()
    {
        using var copy = new RulesCopy().EditJson("model.json", m => m["version"] = "1.0.0");
        return RuleSetLoader.Load(copy.Directory);
    }

    private static GovernanceReview Review(RuleSet head, string changelog)
    {
        var diff = RuleSetDiffer.Compare(PinnedBase, head);
        return GovernanceReviewer.Review(diff, PinnedBase.Governance, head.Governance, ChangelogReader.Parse(changelog));
    }
}
