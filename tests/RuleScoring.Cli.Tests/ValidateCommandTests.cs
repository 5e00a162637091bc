namespace RuleScoring.Cli.Tests;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task Validate_ShippedRules_IsClean()
    {
        var (code, output, error) = await CliRun.RunAsync("validate", "--rules", CliRun.Rules);

        error.ShouldBeEmpty();
        code.ShouldBe(0);
        output.ShouldStartWith("ok: revenue-team-default");
    }

    [Fact]
    public async Task Validate_BrokenRules_ListsEveryErrorAndExits1()
    {
        using var dir = new TempDir();
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
