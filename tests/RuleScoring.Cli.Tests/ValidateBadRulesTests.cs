using System.Text.Json;
using System.Text.Json.Nodes;

namespace RuleScoring.Cli.Tests;

/// <summary>
/// Each kind of mistake a new user makes in rules/, tried through <c>rulescore validate</c>: it must
/// exit 1 with a message naming the file and the rule (and what is wrong), and never crash.
/// </summary>
public sealed class ValidateBadRulesTests
{
    private sealed record Breakage(string File, Action<string> Break, params string[] Expected);

    private static readonly Dictionary<string, Breakage> Breakages = new()
    {
        ["json syntax"] = new("intent.json", r => EditText(r, "intent.json", "\"points\": 50,", "\"points\": 50,,"), "intent.json:"),
        ["misspelt Properties"] = new("fit.json", r => EditRule(r, "fit.json", "fit.target_industry", o => Rename(o, "Properties", "Propertes")), "fit.target_industry", "unknown property 'Propertes'"),
        ["missing points"] = new("behavior.json", r => EditRule(r, "behavior.json", "behavior.ebook_download", o => o["Properties"]!.AsObject().Remove("points")), "behavior.ebook_download", "points"),
        ["points as text"] = new("fit.json", r => EditRule(r, "fit.json", "fit.size_mid", o => o["Properties"]!["points"] = "ten"), "fit.size_mid", "expected a number"),
        ["points out of range"] = new("intent.json", r => EditRule(r, "intent.json", "intent.demo_request", o => o["Properties"]!["points"] = 5000), "intent.demo_request", "between -1000 and 1000"),
        ["points beyond decimal"] = new("intent.json", r => EditText(r, "intent.json", "\"points\": 50,", "\"points\": 1e300,"), "intent.demo_request", "expected a number"),
        ["expression typo"] = new("intent.json", r => EditRule(r, "intent.json", "intent.roi_calculator", o => o["Expression"] = "signals.Anny(\"roi_calculator\")"), "intent.roi_calculator", "Anny"),
        ["unknown field"] = new("fit.json", r => EditRule(r, "fit.json", "fit.size_mid", o => o["Expression"] = "lead.Employes >= 50"), "fit.size_mid", "Employes"),
        ["type error"] = new("fit.json", r => EditRule(r, "fit.json", "fit.size_mid", o => o["Expression"] = "lead.Employees >= \"fifty\""), "fit.size_mid", "does not parse"),
        ["not a boolean"] = new("fit.json", r => EditRule(r, "fit.json", "fit.size_mid", o => o["Expression"] = "lead.Employees"), "fit.size_mid", "does not parse"),
        ["duplicate rule name"] = new("behavior.json", r => EditRule(r, "behavior.json", "behavior.ebook_download", o => o["RuleName"] = "behavior.webinar_attended"), "behavior.webinar_attended", "duplicate"),
        ["undefined decay profile"] = new("behavior.json", r => EditRule(r, "behavior.json", "behavior.ebook_download", o => o["Properties"]!["decay"] = "glacial"), "behavior.ebook_download", "glacial"),
        ["misspelt signal type"] = new("intent.json", r => EditRule(r, "intent.json", "intent.pricing_deep", o => o["Expression"] = "signals.Count(\"pricing_veiw\", 30) >= 3"), "intent.pricing_deep", "pricing_veiw"),
        ["misspelt evidence"] = new("intent.json", r => EditRule(r, "intent.json", "intent.pricing_deep", o => o["Properties"]!["evidence"] = "pricing_veiw"), "intent.pricing_deep", "pricing_veiw"),
        ["unknown list"] = new("fit.json", r => EditRule(r, "fit.json", "fit.served_geography", o => o["Expression"] = "lists.Contains(\"served_countrys\", lead.Country)"), "fit.served_geography", "served_countrys"),
        ["per without max"] = new("behavior.json", r => EditRule(r, "behavior.json", "behavior.email_click", o => o["Properties"]!.AsObject().Remove("max")), "behavior.email_click", "max"),
        ["reflection"] = new("fit.json", r => EditRule(r, "fit.json", "fit.partner_tech", o => o["Expression"] = "lead.GetType().Name != \"\""), "fit.partner_tech", "GetType"),
        ["machine clock"] = new("intent.json", r => EditRule(r, "intent.json", "intent.trial_signup", o => o["Expression"] = "DateTime.Now.Year > 2000"), "intent.trial_signup", "DateTime.Now"),
        ["Enabled as text"] = new("intent.json", r => EditRule(r, "intent.json", "intent.trial_signup", o => o["Enabled"] = "yes"), "intent.trial_signup", "expected true or false"),
        ["rule that is not an object"] = new("fit.json", r => EditJson(r, "fit.json", w => w["Rules"]!.AsArray().Insert(0, "fit.oops")), "fit.json", "#1"),
        ["wrong WorkflowName"] = new("intent.json", r => EditJson(r, "intent.json", w => w["WorkflowName"] = "intents"), "intent.json:3", "WorkflowName"),
        ["empty file"] = new("behavior.json", r => File.WriteAllText(Path.Combine(r, "behavior.json"), ""), "behavior.json"),
        ["bad sla"] = new("tiers.json", r => EditRule(r, "tiers.json", "tier.A", o => o["Properties"]!["sla"] = "15 minutes"), "tier.A", "sla"),
        ["tier rule reads the lead"] = new("tiers.json", r => EditRule(r, "tiers.json", "tier.A", o => o["Expression"] = "lead.Employees > 10"), "tier.A", "lead"),
        ["tier asks for a reason no rule gives"] = new("tiers.json", r => EditRule(r, "tiers.json", "tier.A", o => o["Expression"] = "card.Fit >= 40 and card.HasReason(\"intent.demo_requets\")"), "tier.A", "intent.demo_requets"),
        ["no tier for an empty lead"] = new("tiers.json", r => EditJson(r, "tiers.json", w => w["Rules"]!.AsArray().RemoveAt(w["Rules"]!.AsArray().Count - 1)), "catch-all"),
        ["throws on every lead"] = new("fit.json", r => EditRule(r, "fit.json", "fit.partner_tech", o => o["Expression"] = "lead.Title.Substring(50) == \"x\""), "fit.partner_tech", "startIndex"),
        ["throws on some leads, caught by a rule test"] = new("tests/tiers.json", r => EditRule(r, "fit.json", "fit.size_mid", o => o["Expression"] = "100 / (lead.Employees - 120) > 1"), "FAILED", "fit.size_mid", "divide by zero"),
        ["decay multiplier above 1"] = new("model.json", r => EditText(r, "model.json", "{ \"upToDays\": 60, \"multiplier\": 0.75 }", "{ \"upToDays\": 60, \"multiplier\": 2 }"), "model.json:", "behavior", "between 0 and 1"),
        ["motion weights off"] = new("model.json", r => EditJson(r, "model.json", m => m["motions"]!["plg"]!["behavior"] = 60), "model.json:", "plg", "100"),
    };

    public static TheoryData<string> Kinds => [.. Breakages.Keys];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Validate_BadRule_Exits1NamingFileAndRule_WithoutCrashing(string kind)
    {
        var breakage = Breakages[kind];
        using var dir = new TempFolder();
        var rules = dir.CopyRules();
        breakage.Break(rules);

        var (code, output, error) = await CliRun.RunAsync("validate", "--rules", rules);

        code.ShouldBe(1, error);
        error.ShouldNotContain("   at ", customMessage: "no stack traces");
        error.ShouldNotContain("Exception:", customMessage: "no raw exceptions");
        error.ShouldContain(breakage.File);
        foreach (var expected in breakage.Expected)
        {
            error.ShouldContain(expected, Case.Insensitive);
        }

        output.ShouldNotContain("ok:");
    }

    [Fact]
    public async Task Validate_TierRuleThatCanNeverWin_IsAWarningOnStdout_AndExits0()
    {
        using var dir = new TempFolder();
        var rules = dir.CopyRules();
        EditJson(rules, "tiers.json", w =>
        {
            var list = w["Rules"]!.AsArray();
            var impossible = list[1]!.DeepClone().AsObject();
            impossible["RuleName"] = "tier.superstar";
            impossible["Expression"] = "card.Fit > 100";
            list.Insert(1, impossible);
        });

        var (code, output, error) = await CliRun.RunAsync("validate", "--rules", rules);

        error.ShouldBeEmpty();
        code.ShouldBe(0);
        output.ShouldMatch(@"tiers\.json:\d+: warning: rule 'tier\.superstar': tier\.superstar never matches");
        output.ShouldContain("ok: revenue-team-default");
    }

    [Fact]
    public async Task Validate_UnusedSignalType_IsAWarningOnStdout_AndExits0()
    {
        using var dir = new TempFolder();
        var rules = dir.CopyRules();
        EditJson(rules, "intent.json", w =>
        {
            var list = w["Rules"]!.AsArray();
            list.Remove(list.Single(r => (string?)r!["RuleName"] == "intent.research_spike"));
        });

        var (code, output, error) = await CliRun.RunAsync("validate", "--rules", rules);

        error.ShouldBeEmpty();
        code.ShouldBe(0);
        output.ShouldMatch(@"model\.json:\d+: warning: signal type 'research_spike' is in the catalogue but no rule reads it");
    }

    private static void EditText(string rules, string file, string find, string replace)
    {
        var path = Path.Combine(rules, file);
        var text = File.ReadAllText(path);
        text.Split(find).Length.ShouldBe(2, $"'{find}' should occur once in {file}");
        File.WriteAllText(path, text.Replace(find, replace, StringComparison.Ordinal));
    }

    private static void EditJson(string rules, string file, Action<JsonNode> edit)
    {
        var path = Path.Combine(rules, file);
        var node = JsonNode.Parse(File.ReadAllText(path))!;
        edit(node);
        File.WriteAllText(path, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static void EditRule(string rules, string file, string rule, Action<JsonObject> edit) =>
        EditJson(rules, file, w => edit(w["Rules"]!.AsArray().Single(r => r is JsonObject o && (string?)o["RuleName"] == rule)!.AsObject()));

    private static void Rename(JsonObject o, string from, string to)
    {
        var value = o[from]!.DeepClone();
        o.Remove(from);
        o[to] = value;
    }
}
