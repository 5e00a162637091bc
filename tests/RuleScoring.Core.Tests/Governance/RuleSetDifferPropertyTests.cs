using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Governance;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Governance;

/// <summary>
/// Every property a scoring rule, a tier rule or an account scoring rule may have, changed on its own in a copy of rules/,
/// is named by the differ, by its own name, and never called harmless. The properties come from
/// the loader's documents (which the schema tests hold to the schemas), so a property added there
/// fails here until it has an edit below and the differ compares it.
/// </summary>
public sealed class RuleSetDifferPropertyTests
{
    private const string ScoringFile = "behavior.json";
    private const string ScoringRuleName = "behavior.email_click";
    private const string TierRuleName = "tier.B";

    /// <summary>Per property of behavior.email_click: a valid edit, and the field the differ names.</summary>
    private static readonly Dictionary<string, (Action<JsonObject> Edit, string Field)> ScoringEdits = new(StringComparer.Ordinal)
    {
        ["RuleName"] = (r => r["RuleName"] = "behavior.email_clicks", "added"),
        ["Expression"] = (r => r["Expression"] = "signals.Any(\"email_click\") and lead.Employees >= 10", "expression"),
        ["Enabled"] = (r => r["Enabled"] = false, "disabled"),
        ["Description"] = (r => r["Description"] = "Clicks in marketing emails", "description"),
        ["points"] = (r => r["Properties"]!["points"] = 6, "points"),
        ["reason"] = (r => r["Properties"]!["reason"] = "Clicked {count} marketing emails", "reason"),
        ["evidence"] = (r => r["Properties"]!["evidence"] = new JsonArray("email_click", "newsletter_open"), "evidence"),
        ["window"] = (r => r["Properties"]!["window"] = 30, "window"),
        ["decay"] = (r => r["Properties"]!["decay"] = "intent", "decay"),
        ["per"] = (r => r["Properties"]!["per"] = "topic", "per"),
        ["max"] = (r => r["Properties"]!["max"] = 3, "max"),
        ["disqualify"] = (r => r["Properties"]!["disqualify"] = true, "disqualify"),
    };

    /// <summary>Per property of tier.B: a valid edit, and the field the differ names.</summary>
    private static readonly Dictionary<string, (Action<JsonObject> Edit, string Field)> TierEdits = new(StringComparer.Ordinal)
    {
        ["RuleName"] = (r => r["RuleName"] = "tier.B_plus", "added"),
        ["Expression"] = (r => r["Expression"] = "card.Fit >= 30 and card.Composite >= 45", "expression"),
        // tiers.json keeps no disabled rules in its order: a switched-off tier rule is gone from it.
        ["Enabled"] = (r => r["Enabled"] = false, "removed"),
        ["Description"] = (r => r["Description"] = "Good fit with some interest", "description"),
        ["tier"] = (r => r["Properties"]!["tier"] = "C", "tier"),
        ["sla"] = (r => r["Properties"]!["sla"] = "48h", "sla"),
        ["slaClock"] = (r => r["Properties"]!["slaClock"] = "business", "slaClock"),
        ["salesAction"] = (r => r["Properties"]!["salesAction"] = "Personal outreach within 48 hours", "salesAction"),
        ["marketingAction"] = (r => r["Properties"]!["marketingAction"] = "Nurture with case studies", "marketingAction"),
        ["kpi"] = (r => r["Properties"]!["kpi"] = "Contacted within 48 hours", "kpi"),
        ["mql"] = (r => r["Properties"]!["mql"] = false, "mql"),
        ["sql"] = (r => r["Properties"]!["sql"] = true, "sql"),
    };

    /// <summary>Per property of account.best_fit (account.json): a valid edit, and the field the differ names.</summary>
    private static readonly Dictionary<string, (Action<JsonObject> Edit, string Field)> AccountEdits = new(StringComparer.Ordinal)
    {
        ["RuleName"] = (r => r["RuleName"] = "account.best_fit_contact", "added"),
        ["Expression"] = (r => r["Expression"] = "account.BestFit >= 40 and account.Contacts > 1", "expression"),
        // The account model keeps no list of disabled rules: a switched-off account rule is gone.
        ["Enabled"] = (r => r["Enabled"] = false, "removed"),
        ["Description"] = (r => r["Description"] = "One contact is enough", "description"),
        ["points"] = (r => r["Properties"]!["points"] = 20, "points"),
        ["reason"] = (r => r["Properties"]!["reason"] = "Best fit {bestFit}", "reason"),
    };

    public static TheoryData<string> ScoringRuleProperties => new(RuleProperties(typeof(ScoringPropertiesDocument)));

    public static TheoryData<string> TierRuleProperties => new(RuleProperties(typeof(TierPropertiesDocument)));

    public static TheoryData<string> AccountRuleProperties => new(RuleProperties(typeof(AccountScoringPropertiesDocument)));

    [Theory]
    [MemberData(nameof(ScoringRuleProperties))]
    public void ScoringRulePropertyChanged_IsNamedByTheDiffer(string property) =>
        ChangedProperty_IsNamed(ScoringFile, ScoringRuleName, property, ScoringEdits);

    [Theory]
    [MemberData(nameof(TierRuleProperties))]
    public void TierRulePropertyChanged_IsNamedByTheDiffer(string property) =>
        ChangedProperty_IsNamed(RuleSetLoader.TiersFile, TierRuleName, property, TierEdits);

    [Theory]
    [MemberData(nameof(AccountRuleProperties))]
    public void AccountRulePropertyChanged_IsNamedByTheDiffer(string property) =>
        ChangedProperty_IsNamed(AccountModel.File, "account.best_fit", property, AccountEdits);

    [Fact]
    public void ChangeTheDifferDoesNotCompare_IsNamedAndNeverHarmless()
    {
        using var copy = new RulesCopy().EditJson("model.json", m =>
        {
            m["bands"] = new JsonArray(20, 40, 60);
            m["signals"]!["demo_request"]!["source"] = "form";
            m["accounts"]!["roles"]![0]!["label"] = "Budget holder";
        });

        var changes = RuleSetDiffer.Compare(DefaultModel.RuleSet, RuleSetLoader.Load(copy.Directory)).Changes;

        changes.ShouldBe(
        [
            new RuleChange(ChangeArea.Model, "model", "changed: signals.demo_request.source", "web", "form", ChangeClass.Weights),
            new RuleChange(ChangeArea.Model, "model", "changed: accounts.roles[0].label", "Economic buyer", "Budget holder", ChangeClass.Weights),
            new RuleChange(ChangeArea.Model, "model", "changed: bands", null, "[20,40,60]", ChangeClass.Weights),
        ]);
    }

    [Fact]
    public void Descriptions_AreNamedWhereTheyAre()
    {
        using var copy = new RulesCopy()
            .EditJson("model.json", m => m["dimensions"]!["fit"]!["description"] = "Who they are.")
            .EditJson("fit.json", w => w["Description"] = "Who they are.");

        RuleSetDiffer.Compare(DefaultModel.RuleSet, RuleSetLoader.Load(copy.Directory)).Changes.Select(c => (c.Subject, c.Field)).ShouldBe(
        [
            ("model", "dimensions.fit.description"),
            ("fit.json", "description"),
        ]);
    }

    [Fact]
    public void DisabledRuleAddedOrEdited_IsNamed()
    {
        using var copy = new RulesCopy().EditJson("intent.json", w =>
        {
            RulesCopy.Rule(w, "intent.roi_calculator")["Enabled"] = false;
            w["Rules"]!.AsArray().Add(JsonNode.Parse("""
                { "RuleName": "intent.security_review", "Expression": "signals.Any(\"security_page_view\")", "Enabled": false,
                  "Properties": { "points": 20, "evidence": "security_page_view", "reason": "Read security docs ({age})" } }
                """));
        });
        var disabled = RuleSetLoader.Load(copy.Directory);
        using var edited = new RulesCopy().EditJson("intent.json", w =>
        {
            RulesCopy.Rule(w, "intent.roi_calculator")["Enabled"] = false;
            RulesCopy.Rule(w, "intent.roi_calculator")["Properties"]!["points"] = 99;
        });

        var added = RuleSetDiffer.Compare(DefaultModel.RuleSet, disabled).Changes;
        var changedWhileDisabled = RuleSetDiffer.Compare(disabled, RuleSetLoader.Load(edited.Directory)).Changes;

        added.ShouldContain(c => c.Subject == "intent.security_review" && c.Field == "added (disabled)" && c.After == "signals.Any(\"security_page_view\")");
        changedWhileDisabled.ShouldContain(c => c.Subject == "intent.roi_calculator" && c.Field == "changed: Properties.points" && c.After == "99");
        changedWhileDisabled.ShouldContain(c => c.Subject == "intent.security_review" && c.Field == "removed (disabled)");
    }

    [Fact]
    public void SameValueWrittenOut_IsNamedNotCalledHarmless()
    {
        using var copy = new RulesCopy().EditJson(ScoringFile, w => RulesCopy.Rule(w, ScoringRuleName)["Enabled"] = true);

        var change = RuleSetDiffer.Compare(DefaultModel.RuleSet, RuleSetLoader.Load(copy.Directory)).Changes.ShouldHaveSingleItem();

        change.ShouldBe(new RuleChange(ChangeArea.ScoringRule, ScoringRuleName, "changed: Enabled", null, "true", ChangeClass.Weights));
    }

    private static void ChangedProperty_IsNamed(string file, string ruleName, string property, Dictionary<string, (Action<JsonObject> Edit, string Field)> edits)
    {
        edits.ShouldContainKey(property, $"{file}: no edit for the rule property '{property}': add one above, and compare it in RuleSetDiffer");
        var (edit, field) = edits[property];
        using var copy = new RulesCopy().EditJson(file, w => edit(RulesCopy.Rule(w, ruleName)));
        var head = RuleSetLoader.Validate(copy.Directory);
        head.RuleSet.ShouldNotBeNull(string.Join(Environment.NewLine, head.Problems));

        var changes = RuleSetDiffer.Compare(DefaultModel.RuleSet, head.RuleSet).Changes;

        var described = string.Join(Environment.NewLine, changes);
        changes.ShouldContain(c => c.Field == field && c.Subject.StartsWith(ruleName, StringComparison.Ordinal), described);
        changes.ShouldNotContain(c => c.Field.StartsWith("changed:", StringComparison.Ordinal), described);
        changes.ShouldNotContain(c => (c.After ?? "").Contains("no effect", StringComparison.Ordinal), described);
    }

    /// <summary>A rule's own members (RuleName, Expression, ...) and those of its Properties, as the files spell them.</summary>
    private static IEnumerable<string> RuleProperties(Type properties) =>
        JsonNames(typeof(RuleDocument), camelCase: false).Where(p => p != "Properties")
            .Concat(JsonNames(properties, camelCase: true));

    private static IEnumerable<string> JsonNames(Type document, bool camelCase) =>
        document.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p =>
            p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? (camelCase ? JsonNamingPolicy.CamelCase.ConvertName(p.Name) : p.Name));
}
