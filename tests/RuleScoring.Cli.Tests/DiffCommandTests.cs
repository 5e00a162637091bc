using System.Text.Json;
using System.Text.Json.Nodes;

namespace RuleScoring.Cli.Tests;

public sealed class DiffCommandTests
{
    private static readonly string Entry = "## " + GitRulesRepo.Next + """
         — 2026-11-23

        Competitor comparison views 25 -> 35 points; tier A now needs intent 35 (was 30).
        Why: comparison views preceded most won deals last quarter.
        Approved-by: {0}
        Replay: AUC 0.71 -> 0.74 on 2,310 deals
        """;

    /// <summary>The issue's done-when: one weight 25 -> 35 and a tier threshold, on a branch.</summary>
    private static GitRulesRepo WeightAndThreshold()
    {
        var repo = new GitRulesRepo()
            .EditJson("intent.json", w => GitRulesRepo.Rule(w, "intent.competitor_comparison")["Properties"]!["points"] = 35)
            .EditJson("tiers.json", w => GitRulesRepo.Rule(w, "tier.A")["Expression"] = "card.Fit >= 40 and card.Intent >= 35")
            .Version(GitRulesRepo.Next);
        repo.Commit("Comparison views 35, tier A intent 35");
        return repo;
    }

    [Fact]
    public async Task Diff_WeightAndTierThresholdByRef_NamesBothAndNeedsMarketingAndSales()
    {
        using var repo = WeightAndThreshold();

        var (code, output, error) = await CliRun.RunAsync("diff", "--base", "main", "--rules", repo.Rules, "--format", "markdown");

        error.ShouldBeEmpty();
        code.ShouldBe(0);
        output.ShouldStartWith($"### Rules {GitRulesRepo.Shipped} → {GitRulesRepo.Next}: 2 changes, needs marketing + sales sign-off");
        output.ShouldContain("| `intent.competitor_comparison` | points | 25 | 35 | Weights of existing signals |");
        output.ShouldContain("| `tier.A` | threshold | `card.Intent >= 30` | `card.Intent >= 35` | MQL/SQL or tier thresholds |");
        output.ShouldContain("| sales | MQL/SQL or tier thresholds | ❌ missing |");
        output.ShouldContain("| marketing | Weights of existing signals, MQL/SQL or tier thresholds | ❌ missing |");
        output.ShouldContain($"no entry for version {GitRulesRepo.Next}");
    }

    [Fact]
    public async Task Diff_SaysWhatTheChangeCostsTheWorker_WeightsOnlyOrEveryLeadFromItsSignals()
    {
        using var weights = WeightAndThreshold();
        using var window = new GitRulesRepo();
        window.EditJson("intent.json", w => GitRulesRepo.Rule(w, "intent.competitor_comparison")["Properties"]!["window"] = 45).Version(GitRulesRepo.Next).Commit("Window 45");

        var table = await CliRun.RunAsync("diff", "--base", "main", "--rules", weights.Rules);
        var json = await CliRun.RunAsync("diff", "--base", "main", "--rules", window.Rules, "--format", "json");
        var same = await CliRun.RunAsync("diff", "--base", "main", "--head", "main", "--rules", window.Rules, "--format", "json");

        table.Output.ShouldContain("rescore: weights only: the worker gives each lead's card again from its stored reasons");
        JsonDocument.Parse(json.Output).RootElement.GetProperty("rescore").GetString().ShouldBe("from_signals");
        JsonDocument.Parse(same.Output).RootElement.GetProperty("rescore").GetString().ShouldBe("none");
    }

    [Fact]
    public async Task ValidateBase_ThresholdChange_FailsUntilTheEntryHasBothApprovals()
    {
        using var repo = WeightAndThreshold();

        var noEntry = await CliRun.RunAsync("validate", "--rules", repo.Rules, "--base", "main");
        noEntry.ExitCode.ShouldBe(1);
        noEntry.Error.ShouldContain($"no entry for version {GitRulesRepo.Next}");

        repo.ChangelogEntry(string.Format(System.Globalization.CultureInfo.InvariantCulture, Entry, "marketing (Dana Whitfield)")).Commit("Changelog");
        var marketingOnly = await CliRun.RunAsync("validate", "--rules", repo.Rules, "--base", "main");
        marketingOnly.ExitCode.ShouldBe(1);
        marketingOnly.Error.ShouldContain("lacks approval from sales (needed for: MQL/SQL or tier thresholds)");
        marketingOnly.Error.ShouldNotContain("approval from marketing");

        repo.Edit("CHANGELOG.md", t => t.Replace("Approved-by: marketing (Dana Whitfield)", "Approved-by: marketing (Dana Whitfield), sales (Marco Reyes)", StringComparison.Ordinal)).Commit("Sales approves");
        var both = await CliRun.RunAsync("validate", "--rules", repo.Rules, "--base", "main");
        both.Error.ShouldBeEmpty();
        both.ExitCode.ShouldBe(0);
        both.Output.ShouldContain("governance ok against main (");

        var diff = await CliRun.RunAsync("diff", "--base", "main", "--rules", repo.Rules, "--format", "markdown");
        diff.Output.ShouldContain("| sales | MQL/SQL or tier thresholds | ✅ Marco Reyes |");
        diff.Output.ShouldContain("AUC 0.71 -&gt; 0.74", customMessage: "the changelog's text, escaped: it renders as ->");
    }

    [Fact]
    public async Task ValidateBase_ChangedRulesWithoutAVersionBump_Fails()
    {
        using var repo = new GitRulesRepo();
        repo.EditJson("intent.json", w => GitRulesRepo.Rule(w, "intent.competitor_comparison")["Properties"]!["points"] = 35).Commit("No bump");

        var (code, _, error) = await CliRun.RunAsync("validate", "--rules", repo.Rules, "--base", "main");

        code.ShouldBe(1);
        error.ShouldContain($"model.json: error: the rules changed but version is still {GitRulesRepo.Shipped}: bump it (e.g. to {GitRulesRepo.Next})");
    }

    [Fact]
    public async Task Diff_DisqualifierChange_IsClassedDisqualifiers()
    {
        using var repo = new GitRulesRepo();
        repo.EditJson("fit.json", w => GitRulesRepo.Rule(w, "fit.student_academic")["Properties"]!["points"] = -60)
            .EditJson("model.json", m => m["lists"]!["competitor_domains"]!.AsArray().Add("newrival.com"))
            .Version("1.0.1")
            .Commit("Tighter disqualifiers");

        var changes = await JsonChanges(repo);

        changes.ShouldContain("scoring_rule fit.student_academic points -50 -> -60 disqualifiers");
        changes.ShouldContain("list competitor_domains entries added  -> newrival.com disqualifiers");
        changes.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Diff_RuleAddedAndRemoved_AreNewSignalCategory()
    {
        using var repo = new GitRulesRepo();
        repo.EditJson("intent.json", w =>
            {
                var rules = w["Rules"]!.AsArray();
                rules.Remove(GitRulesRepo.Rule(w, "intent.roi_calculator"));
                rules.Add(JsonNode.Parse("""
                    { "RuleName": "intent.security_review", "Expression": "signals.Any(\"security_page_view\")",
                      "Properties": { "points": 20, "evidence": "security_page_view", "reason": "Read security docs ({age})" } }
                    """));
            })
            .Version(GitRulesRepo.Next)
            .Commit("Security review instead of ROI calculator");

        var changes = await JsonChanges(repo);

        changes.ShouldBe(
        [
            "scoring_rule intent.security_review added  -> +20 intent: signals.Any(\"security_page_view\") newSignal",
            "scoring_rule intent.roi_calculator removed +30 intent: signals.Any(\"roi_calculator\") ->  newSignal",
        ]);
    }

    [Fact]
    public async Task Diff_DecayProfileAndMotionWeights_AreWeights()
    {
        using var repo = new GitRulesRepo();
        repo.EditJson("model.json", m =>
            {
                m["decayProfiles"]!["behavior"]!["steps"]![0]!["upToDays"] = 45;
                m["motions"]!["plg"]!["behavior"] = 40;
                m["motions"]!["plg"]!["fit"] = 35;
            })
            .Version(GitRulesRepo.Next)
            .Commit("Slower behavior decay, PLG leans on fit");

        var changes = await JsonChanges(repo);

        changes.ShouldBe(
        [
            "motion plg fit weight 25 -> 35 weights",
            "motion plg behavior weight 50 -> 40 weights",
            "decay_profile behavior steps ≤30d 100%, ≤60d 75%, ≤90d 50%, ≤180d 25%, then 0% -> ≤45d 100%, ≤60d 75%, ≤90d 50%, ≤180d 25%, then 0% weights",
        ]);
    }

    [Fact]
    public async Task Diff_FolderBase_NeedsNoGit()
    {
        using var dir = new TempFolder();
        var head = dir.CopyRules();
        var intent = Path.Combine(head, "intent.json");
        await File.WriteAllTextAsync(intent, (await File.ReadAllTextAsync(intent)).Replace("\"points\": 50,", "\"points\": 60,", StringComparison.Ordinal));

        var (code, output, _) = await CliRun.RunAsync("diff", "--base", Repo.Rules, "--head", head);

        code.ShouldBe(0);
        output.ShouldMatch(@"(?m)^Scoring rules\s+intent\.demo_request\s+points\s+50\s+->\s+60\s+weights$");
    }

    [Fact]
    public async Task Diff_UnknownRef_Exits2NamingIt()
    {
        using var repo = new GitRulesRepo();

        var (code, output, error) = await CliRun.RunAsync("diff", "--base", "no-such-branch", "--rules", repo.Rules);

        code.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldContain("--base 'no-such-branch' is neither a folder nor a git ref");
    }

    [Fact]
    public async Task Diff_RefOutsideAGitRepository_Exits2()
    {
        using var dir = new TempFolder();
        var rules = dir.CopyRules();

        var (code, _, error) = await CliRun.RunAsync("diff", "--base", "main", "--rules", rules);

        code.ShouldBe(2);
        error.ShouldContain("not in a git repository");
    }

    [Fact]
    public async Task Validate_MalformedChangelog_Exits1WithTheLine()
    {
        using var repo = new GitRulesRepo();
        repo.ChangelogEntry($"## {GitRulesRepo.Next} — 23 November\nSomething.");

        var (code, _, error) = await CliRun.RunAsync("validate", "--rules", repo.Rules);

        code.ShouldBe(1);
        error.ShouldContain($"error: heading \"## {GitRulesRepo.Next} — 23 November\" must read \"## VERSION — DATE\"");
        error.ShouldMatch(@"CHANGELOG\.md:\d+: error: heading");
    }

    /// <summary>Each change as "area subject change before -> after class", from the JSON output.</summary>
    private static async Task<List<string>> JsonChanges(GitRulesRepo repo)
    {
        var (code, output, error) = await CliRun.RunAsync("diff", "--base", "main", "--head", "change", "--rules", repo.Rules, "--format", "json");
        code.ShouldBe(0, error);
        using var json = JsonDocument.Parse(output);
        return [.. json.RootElement.GetProperty("changes").EnumerateArray().Select(c =>
            $"{c.GetProperty("area").GetString()} {c.GetProperty("subject").GetString()} {c.GetProperty("change").GetString()} {c.GetProperty("before").GetString()} -> {c.GetProperty("after").GetString()} {c.GetProperty("class").GetString()}")];
    }
}
