using System.Text.Json;
using System.Text.Json.Nodes;

namespace RuleScoring.Cli.Tests;

/// <summary>validate names every problem of a folder in one run, and says what a copied model's leftovers mean.</summary>
public sealed class ValidateWholeFolderTests
{
    [Fact]
    public async Task Validate_ProblemsInModelWorkflowAccountTestsAndChangelog_AreAllNamedInOneRun()
    {
        using var dir = new TempFolder();
        var rules = dir.CopyRules();
        Edit(rules, "model.json", "\"version\": ", "\"colour\": \"blue\",\n  \"version\": ");
        Edit(rules, "fit.json", "lead.Employees >= 10 and lead.Employees < 50", "lead.Origin == \\\"web\\\"");
        Edit(rules, "account.json", "\"Properties\": { \"points\": 40,", "\"Propertes\": { \"points\": 40,");
        dir.Write("rules/tests/mine.json", """
            {
              "asOf": "2026-11-20T12:00:00Z",
              "cases": [
                { "name": "typo", "why": "w", "lead": {}, "expect": { "teir": "A" } }
              ]
            }
            """);

        dir.Write("rules/CHANGELOG.md", "# Rules changelog\n\n## 1.0.0 — 2026-11-20\n");

        var (code, output, error) = await CliRun.RunAsync("validate", "--rules", rules);

        code.ShouldBe(1);
        error.ShouldMatch(@"model\.json:\d+: error: .*colour");
        error.ShouldContain("CHANGELOG.md:3: error: entry 1.0.0 says nothing");
        error.ShouldContain("fit.json:");
        error.ShouldContain("did you mean lead.Attr(\"origin\")?");
        error.ShouldMatch(@"account\.json:\d+: error: .*Propertes");
        error.ShouldMatch(@"tests/mine\.json:\d+: error: .*teir");
        output.ShouldContain("model.json: warning: does not load, so the other files were checked on their own");
        output.ShouldContain("rule tests not run until the rules load");
    }

    [Fact]
    public async Task Validate_ModelWithoutAccounts_SaysInOneLineThatItScoresNoAccounts()
    {
        using var dir = new TempFolder();
        var rules = dir.CopyRules();
        var model = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(rules, "model.json")))!.AsObject();
        model.Remove("accounts").ShouldBeTrue();
        await File.WriteAllTextAsync(Path.Combine(rules, "model.json"), model.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        var (code, _, error) = await CliRun.RunAsync("validate", "--rules", rules);

        code.ShouldBe(1);
        var errors = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains(": error:", StringComparison.Ordinal)).ToArray();
        errors.ShouldHaveSingleItem().ShouldStartWith(
            "account.json: error: model.json has no \"accounts\" section, so this model scores no accounts: delete account.json, or add the section");
    }

    [Fact]
    public async Task Validate_TestsCopiedFromAnotherModel_SayOnceWhatTheyAre_NotOneErrorPerReason()
    {
        using var dir = new TempFolder();
        var rules = Path.Combine(dir.Path, "new");
        (await CliRun.RunAsync("init", rules)).ExitCode.ShouldBe(0);
        File.Copy(Path.Combine(Repo.Rules, "tests", "tiers.json"), Path.Combine(rules, "tests", "tiers.json"));

        var (code, output, error) = await CliRun.RunAsync("validate", "--rules", rules);

        code.ShouldBe(1);
        error.ShouldMatch(@"^tests/tiers\.json: error: \d+ of \d+ cases expect rules, tiers or motions this model does not have \(.*\): written for another model\?");
        error.ShouldNotContain("is not an enabled rule");
        error.ShouldNotContain("FAILED");
        output.ShouldContain("3 rule tests passed, 0 failed");
    }

    private static void Edit(string rules, string file, string from, string to)
    {
        var path = Path.Combine(rules, file);
        var text = File.ReadAllText(path);
        text.ShouldContain(from);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }
}
