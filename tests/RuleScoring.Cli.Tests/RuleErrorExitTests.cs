namespace RuleScoring.Cli.Tests;

/// <summary>
/// A rule that fails on real data (not on the empty warm-up lead or account validate tries) is
/// never silent: lead and account cards carrying errors are printed and the command exits 1.
/// </summary>
public sealed class RuleErrorExitTests
{
    // False on the warm-up (one contact); divides by zero on any account with two.
    private const string AccountDividesByZero = "account.Contacts >= 2 and 100 / (account.Contacts - account.Contacts) > 0";

    // False on a lead without the field; divides by zero on one that has it.
    private const string LeadDividesByZero = "lead.Attr(\\\"company\\\").Length > 0 and 100 / (lead.Attr(\\\"company\\\").Length - lead.Attr(\\\"company\\\").Length) > 0";

    [Fact]
    public async Task Rescore_AccountRuleDividingByZero_PrintsTheAccountErrorAndExitsOne()
    {
        using var dir = new TempFolder();
        var rules = dir.CopyRules();
        await EditAsync(rules, "account.json", "\"Expression\": \"account.Engaged >= 3\"", $"\"Expression\": \"{AccountDividesByZero}\"");
        (await CliRun.RunAsync("validate", "--rules", rules)).ExitCode.ShouldBe(0, "the rule is only wrong on real accounts");
        var db = Path.Combine(dir.Path, "test.db");
        var leads = dir.Write("leads.csv", "lead_id,email,company,employees\nL-1,ana@acme-corp.com,Acme,300\nL-2,ben@acme-corp.com,Acme,300\n");
        (await CliRun.RunAsync("import", "leads", leads, "--db", db)).ExitCode.ShouldBe(0);

        var (code, _, error) = await CliRun.RunAsync("rescore", "--db", db, "--rules", rules);

        code.ShouldBe(1);
        error.ShouldContain("account acme-corp.com: account.multi_threaded:");
        error.ShouldContain("1 account card(s) have rule errors (stored with them)");
    }

    [Fact]
    public async Task Score_CardWithARuleError_ExitsOne()
    {
        using var dir = new TempFolder();
        var rules = dir.CopyRules();
        await EditAsync(rules, "fit.json", "\"Expression\": \"lists.ContainsAny(\\\"partner_tech\\\", lead.TechStack)\"", $"\"Expression\": \"{LeadDividesByZero}\"");

        var (code, output, error) = await CliRun.RunAsync("score", "--lead", Repo.SampleLeads, "--rules", rules, "--as-of", "2026-11-20T12:00:00Z");

        code.ShouldBe(1);
        output.ShouldContain("L-1001");
        error.ShouldContain("fit.partner_tech:");
        error.ShouldContain("card(s) carry rule errors");
    }

    private static async Task EditAsync(string rules, string file, string from, string to)
    {
        var path = Path.Combine(rules, file);
        var text = await File.ReadAllTextAsync(path);
        text.ShouldContain(from);
        await File.WriteAllTextAsync(path, text.Replace(from, to, StringComparison.Ordinal));
    }
}
