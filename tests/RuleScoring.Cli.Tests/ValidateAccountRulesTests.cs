namespace RuleScoring.Cli.Tests;

public sealed class ValidateAccountRulesTests
{
    [Fact]
    public async Task Validate_ShippedRules_ReportsTheAccountModel()
    {
        var (code, output, error) = await CliRun.RunAsync("validate", "--rules", Repo.Rules);

        code.ShouldBe(0, error);
        output.ShouldContain("account model with 3 committee roles");
    }

    [Fact]
    public async Task Validate_AccountRuleWithAnUnknownPlaceholderAndATypo_ExitsOneNamingFileLineAndRule()
    {
        using var temp = new TempFolder();
        var rules = temp.CopyRules();
        var path = Path.Combine(rules, "account.json");
        var text = await File.ReadAllTextAsync(path);
        text = text.Replace("\"reason\": \"Economic buyer engaged\"", "\"reason\": \"Economic buyer {who} engaged\"", StringComparison.Ordinal)
            .Replace("account.Engaged >= 3", "account.Engagd >= 3", StringComparison.Ordinal);
        await File.WriteAllTextAsync(path, text);

        var (code, _, error) = await CliRun.RunAsync("validate", "--rules", rules);

        code.ShouldBe(1);
        error.ShouldMatch(@"account\.json:\d+: error: rule 'account\.economic_buyer': reason uses \{who\}");
        error.ShouldMatch(@"account\.json:\d+: error: rule 'account\.multi_threaded': Expression does not parse");
    }
}
