namespace RuleScoring.Cli.Tests;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task Validate_ShippedRules_IsClean()
    {
        var (code, output, error) = await CliRun.RunAsync("validate", "--rules", Repo.Rules);

        error.ShouldBeEmpty();
        code.ShouldBe(0);
        output.ShouldMatch(@"^\d+ rule tests passed, 0 failed \(tests/");
        output.ShouldContain("ok: revenue-team-default");
    }

    [Fact]
    public async Task Validate_WeightChangeThatBreaksAPromise_PrintsExpectedVersusGotWithTheCard_AndExits1()
    {
        using var dir = new TempFolder();
        var rules = dir.CopyRules();
        var intent = Path.Combine(rules, "intent.json");
        var text = await File.ReadAllTextAsync(intent);
        const string demo = "\"points\": 50,";
        text.ShouldContain(demo);
        await File.WriteAllTextAsync(intent, text.Replace(demo, "\"points\": 25,", StringComparison.Ordinal));

        var (code, output, error) = await CliRun.RunAsync("validate", "--rules", rules);

        code.ShouldBe(1);
        error.ShouldMatch(@"tests/tiers\.json:\d+: FAILED 'demo request alone from a good fit'");
        error.ShouldContain("  why: A demo request is a raised hand");
        error.ShouldContain("  tier: expected A, got B (by tier.B)");
        error.ShouldContain("  intent: expected >= 30, got 25");
        error.ShouldContain("    demo request alone from a good fit  tier B  composite");
        error.ShouldContain("intent.demo_request   Requested a demo (today)");
        output.ShouldMatch(@"\d+ rule tests passed, [1-9]\d* failed");
        output.ShouldNotContain("ok:");
    }

    [Fact]
    public async Task Validate_MalformedRuleTest_NamesFileLineAndCase_AndExits1()
    {
        using var dir = new TempFolder();
        var rules = dir.CopyRules();
        dir.Write("rules/tests/mine.json", """
            {
              "asOf": "2026-11-20",
              "cases": [
                { "name": "typo", "why": "w", "lead": {}, "expect": { "reasons": ["intent.demo_requets"] } }
              ]
            }
            """);

        var (code, output, error) = await CliRun.RunAsync("validate", "--rules", rules);

        code.ShouldBe(1);
        error.ShouldContain("tests/mine.json:4: error: case 'typo': reasons: \"intent.demo_requets\" is not an enabled rule");
        output.ShouldContain("1 problem(s) in the test files");
        output.ShouldNotContain("ok:");
    }

    [Fact]
    public async Task Validate_RulesFolderThatDoesNotExist_IsAUsageError()
    {
        var (code, _, error) = await CliRun.RunAsync("validate", "--rules", Path.Combine(Repo.Root, "no-such-rules"));

        code.ShouldBe(2);
        error.ShouldContain("no-such-rules: folder not found");
    }

    [Fact]
    public async Task Validate_BrokenRules_ListsEveryErrorAndExits1()
    {
        using var dir = new TempFolder();
        var rules = dir.CopyRules();
        var intent = Path.Combine(rules, "intent.json");
        var behavior = Path.Combine(rules, "behavior.json");
        await File.WriteAllTextAsync(intent, (await File.ReadAllTextAsync(intent)).Replace("pricing_view\\\", 30) >= 3", "pricing_veiw\\\", 30) >= 3", StringComparison.Ordinal));
        await File.WriteAllTextAsync(behavior, (await File.ReadAllTextAsync(behavior)).Replace("\"per\": \"topic\"", "\"per\": \"feature\"", StringComparison.Ordinal));

        (await File.ReadAllTextAsync(intent)).ShouldContain("pricing_veiw");
        (await File.ReadAllTextAsync(behavior)).ShouldContain("\"per\": \"feature\"");

        var (code, _, error) = await CliRun.RunAsync("validate", "--rules", rules);

        code.ShouldBe(1);
        error.ShouldContain("intent.json:");
        error.ShouldContain("intent.pricing_deep");
        error.ShouldContain("pricing_veiw");
        error.ShouldContain("behavior.json:");
        error.ShouldContain("behavior.feature_used");
    }
}
