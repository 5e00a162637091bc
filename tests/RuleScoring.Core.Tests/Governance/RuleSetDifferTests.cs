using System.Text.Json.Nodes;
using RuleScoring.Core.Governance;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Governance;

public sealed class RuleSetDifferTests
{
    [Fact]
    public void SameRules_NoChanges()
    {
        using var copy = new RulesCopy().Edit("intent.json", t => t.Replace("  ", "    ", StringComparison.Ordinal));

        var diff = RuleSetDiffer.Compare(DefaultModel.RuleSet, RuleSetLoader.Load(copy.Directory));

        diff.Changes.ShouldBeEmpty();
        diff.ContentChanged.ShouldBeFalse();
    }

    [Fact]
    public void WeightAndTierThreshold_AreNamedAndClassed()
    {
        using var copy = new RulesCopy()
            .EditJson("intent.json", w => RulesCopy.Rule(w, "intent.competitor_comparison")["Properties"]!["points"] = 35)
            .EditJson("tiers.json", w => RulesCopy.Rule(w, "tier.A")["Expression"] = "card.Fit >= 40 and card.Intent >= 35");

        var diff = RuleSetDiffer.Compare(DefaultModel.RuleSet, RuleSetLoader.Load(copy.Directory));

        diff.Changes.Count.ShouldBe(2);
        diff.Changes.ShouldContain(new RuleChange(ChangeArea.ScoringRule, "intent.competitor_comparison", "points", "25", "35", ChangeClass.Weights));
        diff.Changes.ShouldContain(new RuleChange(ChangeArea.TierRule, "tier.A", "threshold", "card.Intent >= 30", "card.Intent >= 35", ChangeClass.Thresholds));
        diff.Classes.ShouldBe([ChangeClass.Weights, ChangeClass.Thresholds]);
        diff.ContentChanged.ShouldBeTrue();
    }

    [Fact]
    public void TierConditionRewritten_IsAnExpressionChangeAndMqlFlagIsThresholds()
    {
        using var copy = new RulesCopy().EditJson("tiers.json", w =>
        {
            var rule = RulesCopy.Rule(w, "tier.B");
            rule["Expression"] = "card.Fit >= 30 and card.Composite >= 45";
            rule["Properties"]!["mql"] = false;
        });

        var changes = RuleSetDiffer.Compare(DefaultModel.RuleSet, RuleSetLoader.Load(copy.Directory)).Changes;

        changes.ShouldAllBe(c => c.Class == ChangeClass.Thresholds && c.Subject == "tier.B");
        changes.Select(c => c.Field).ShouldBe(["expression", "mql"]);
        changes[0].Before.ShouldBe("card.Fit >= 30 and (card.Intent >= 20 or card.Behavior >= 25)");
        changes[0].After.ShouldBe("card.Fit >= 30 and card.Composite >= 45");
    }

    [Fact]
    public void ThresholdInsideParentheses_IsShownWithoutThem()
    {
        using var copy = new RulesCopy().EditJson("tiers.json", w => RulesCopy.Rule(w, "tier.B")["Expression"] = "card.Fit >= 30 and (card.Intent >= 25 or card.Behavior >= 25)");

        RuleSetDiffer.Compare(DefaultModel.RuleSet, RuleSetLoader.Load(copy.Directory)).Changes
            .ShouldBe([new RuleChange(ChangeArea.TierRule, "tier.B", "threshold", "card.Intent >= 20", "card.Intent >= 25", ChangeClass.Thresholds)]);
    }

    [Fact]
    public void DisqualifierPointsOrTheListItReads_AreDisqualifierChanges()
    {
        using var copy = new RulesCopy()
            .EditJson("fit.json", w => RulesCopy.Rule(w, "fit.student_academic")["Properties"]!["points"] = -60)
            .EditJson("model.json", m => m["lists"]!["competitor_domains"]!.AsArray().Add("newrival.com"))
            .EditJson("model.json", m => m["lists"]!["target_industries"]!.AsArray().Add("biotech"));

        var changes = RuleSetDiffer.Compare(DefaultModel.RuleSet, RuleSetLoader.Load(copy.Directory)).Changes;

        changes.ShouldContain(new RuleChange(ChangeArea.ScoringRule, "fit.student_academic", "points", "-50", "-60", ChangeClass.Disqualifiers));
        changes.ShouldContain(new RuleChange(ChangeArea.List, "competitor_domains", "entries added", null, "newrival.com", ChangeClass.Disqualifiers));
        changes.ShouldContain(new RuleChange(ChangeArea.List, "target_industries", "entries added", null, "biotech", ChangeClass.Weights));
    }

    [Fact]
    public void DisqualifyFlagSwitchedOff_IsADisqualifierChange()
    {
        var name = DefaultModel.RuleSet.ScoringRules.First(r => r.Disqualify).Name;
        using var copy = new RulesCopy().EditJson("fit.json", w => RulesCopy.Rule(w, name)["Properties"]!.AsObject().Remove("disqualify"));

        RuleSetDiffer.Compare(DefaultModel.RuleSet, RuleSetLoader.Load(copy.Directory)).Changes
            .ShouldBe([new RuleChange(ChangeArea.ScoringRule, name, "disqualify", "yes", "no", ChangeClass.Disqualifiers)]);
    }

    [Fact]
    public void RuleAddedAndRemoved_AreNewSignalCategoryUnlessNegative()
    {
        using var copy = new RulesCopy()
            .EditJson("intent.json", w =>
            {
                var rules = w["Rules"]!.AsArray();
                rules.Remove(RulesCopy.Rule(w, "intent.roi_calculator"));
                rules.Add(JsonNode.Parse("""
                    { "RuleName": "intent.security_review", "Expression": "signals.Any(\"security_page_view\")",
                      "Properties": { "points": 20, "evidence": "security_page_view", "reason": "Read security docs ({age})" } }
                    """));
            })
            .EditJson("fit.json", w => w["Rules"]!.AsArray().Add(JsonNode.Parse("""
                { "RuleName": "fit.free_mail", "Expression": "lists.Contains(\"free_mail_domains\", lead.EmailDomain)",
                  "Properties": { "points": -15, "reason": "Free mail address" } }
                """)));

        var changes = RuleSetDiffer.Compare(DefaultModel.RuleSet, RuleSetLoader.Load(copy.Directory)).Changes;

        changes.Single(c => c.Subject == "intent.security_review").ShouldSatisfyAllConditions(
            c => c.Field.ShouldBe("added"),
            c => c.Before.ShouldBeNull(),
            c => c.After.ShouldBe("+20 intent: signals.Any(\"security_page_view\")"),
            c => c.Class.ShouldBe(ChangeClass.NewSignal));
        changes.Single(c => c.Subject == "intent.roi_calculator").ShouldSatisfyAllConditions(
            c => c.Field.ShouldBe("removed"),
            c => c.After.ShouldBeNull(),
            c => c.Class.ShouldBe(ChangeClass.NewSignal));
        changes.Single(c => c.Subject == "fit.free_mail").Class.ShouldBe(ChangeClass.Disqualifiers);
        changes.Count.ShouldBe(3);
    }

    [Fact]
    public void RuleSwitchedOff_IsDisabledNotRemoved()
    {
        using var copy = new RulesCopy().EditJson("behavior.json", w => RulesCopy.Rule(w, "behavior.ebook_download")["Enabled"] = false);

        var change = RuleSetDiffer.Compare(DefaultModel.RuleSet, RuleSetLoader.Load(copy.Directory)).Changes.ShouldHaveSingleItem();

        change.Field.ShouldBe("disabled");
        change.After.ShouldBe("disabled");
    }

    [Fact]
    public void DecayProfileStep_IsAWeightChangeShownAsTheTable()
    {
        using var copy = new RulesCopy().EditJson("model.json", m => m["decayProfiles"]!["intent"]!["steps"]![1]!["upToDays"] = 21);

        var change = RuleSetDiffer.Compare(DefaultModel.RuleSet, RuleSetLoader.Load(copy.Directory)).Changes.ShouldHaveSingleItem();

        change.ShouldBe(new RuleChange(ChangeArea.DecayProfile, "intent", "steps",
            "≤7d 100%, ≤14d 75%, ≤30d 50%, ≤60d 25%, then 0%",
            "≤7d 100%, ≤21d 75%, ≤30d 50%, ≤60d 25%, then 0%", ChangeClass.Weights));
    }

    [Fact]
    public void MotionWeights_AreWeightChangesPerDimension()
    {
        using var copy = new RulesCopy().EditJson("model.json", m =>
        {
            m["motions"]!["abm"]!["intent"] = 50;
            m["motions"]!["abm"]!["behavior"] = 25;
        });

        RuleSetDiffer.Compare(DefaultModel.RuleSet, RuleSetLoader.Load(copy.Directory)).Changes.ShouldBe(
        [
            new RuleChange(ChangeArea.Motion, "abm", "intent weight", "60", "50", ChangeClass.Weights),
            new RuleChange(ChangeArea.Motion, "abm", "behavior weight", "15", "25", ChangeClass.Weights),
        ]);
    }

    [Fact]
    public void CapSignalAndGovernanceChanges_AreClassedByWhatTheyMove()
    {
        using var copy = new RulesCopy().EditJson("model.json", m =>
        {
            m["dimensions"]!["fit"]!["cap"] = 120;
            m["signals"]!["pricing_view"]!["groups"] = new JsonArray("bofu");
            m["signals"]!["partner_referral"] = new JsonObject { ["description"] = "Referred by a partner" };
            m["governance"]!["classes"]!["thresholds"]!["approvals"] = new JsonArray("sales");
        });

        var changes = RuleSetDiffer.Compare(DefaultModel.RuleSet, RuleSetLoader.Load(copy.Directory)).Changes;

        changes.Single(c => c.Area == ChangeArea.Dimension).ShouldBe(new RuleChange(ChangeArea.Dimension, "fit", "cap", "100", "120", ChangeClass.Thresholds));
        changes.Single(c => c.Subject == "pricing_view").ShouldBe(new RuleChange(ChangeArea.Signal, "pricing_view", "groups", "-", "bofu", ChangeClass.NewSignal));
        changes.Single(c => c.Subject == "partner_referral").Class.ShouldBe(ChangeClass.NewSignal);
        changes.Single(c => c.Area == ChangeArea.Governance).ShouldSatisfyAllConditions(
            c => c.Subject.ShouldBe("class thresholds"),
            c => c.Class.ShouldBe(ChangeClass.Governance),
            c => c.After.ShouldNotBeNull().ShouldStartWith("sales "));
    }

    [Fact]
    public void TierReorder_IsAThresholdChange()
    {
        using var copy = new RulesCopy().EditJson("tiers.json", w =>
        {
            var rules = w["Rules"]!.AsArray();
            var c = RulesCopy.Rule(w, "tier.C");
            rules.Remove(c);
            rules.Insert(1, c);
        });

        var change = RuleSetDiffer.Compare(DefaultModel.RuleSet, RuleSetLoader.Load(copy.Directory)).Changes.ShouldHaveSingleItem();

        change.Field.ShouldBe("order");
        change.After.ShouldBe("tier.disqualified, tier.C, tier.A, tier.B, tier.D");
        change.Class.ShouldBe(ChangeClass.Thresholds);
    }
}
