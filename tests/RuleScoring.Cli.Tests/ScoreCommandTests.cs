using System.Text.Json;

namespace RuleScoring.Cli.Tests;

public sealed class ScoreCommandTests
{
    [Fact]
    public async Task Score_SampleLeads_PrintsCardsAndATierSummary()
    {
        var (code, output, error) = await CliRun.RunAsync("score", "--lead", Repo.SampleLeads, "--rules", Repo.Rules, "--as-of", "2026-11-20T12:00:00Z");

        error.ShouldBeEmpty();
        code.ShouldBe(0);
        output.ShouldContain("L-1001  tier A");
        output.ShouldContain("intent.demo_request");
        output.ShouldContain("Requested a demo (yesterday)");
        output.ShouldContain("L-1006  tier D");
        output.ShouldContain("all       10");
    }

    [Fact]
    public async Task Score_WithoutAsOf_ScoresAsOfTheClock()
    {
        var withClock = await CliRun.RunAsync("score", "--lead", Repo.SampleLeads, "--rules", Repo.Rules, "--format", "jsonl");
        var explicitly = await CliRun.RunAsync("score", "--lead", Repo.SampleLeads, "--rules", Repo.Rules, "--format", "jsonl", "--as-of", "2026-11-20T12:00:00Z");
        var later = await CliRun.RunAsync("score", "--lead", Repo.SampleLeads, "--rules", Repo.Rules, "--format", "jsonl", "--as-of", "2027-03-01");

        withClock.Output.ShouldBe(explicitly.Output);
        later.Output.ShouldNotBe(explicitly.Output, "time passing decays the scores");
    }

    [Fact]
    public async Task Score_Jsonl_IsOneParsableCardPerLead()
    {
        var (code, output, _) = await CliRun.RunAsync("score", "--lead", Repo.SampleLeads, "--rules", Repo.Rules, "--format", "jsonl");

        code.ShouldBe(0);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(10);
        using var first = JsonDocument.Parse(lines[0]);
        first.RootElement.GetProperty("lead_id").GetString().ShouldBe("L-1001");
        first.RootElement.GetProperty("tier").GetProperty("tier").GetString().ShouldBe("A");
        first.RootElement.GetProperty("rules").GetProperty("hash").GetString().ShouldStartWith("sha256:");
    }

    [Fact]
    public async Task Score_BadLeadRecord_NamesFileAndLine_ScoresTheRest_AndExits2()
    {
        using var dir = new TempFolder();
        var leads = dir.Write("leads.jsonl", """
            {"lead_id": "ok-1"}
            {"lead_id": "bad", "signals": [{"type": "demo_request"}]}
            {"lead_id": "ok-2"}
            """);

        var (code, output, error) = await CliRun.RunAsync("score", "--lead", leads, "--rules", Repo.Rules);

        code.ShouldBe(2);
        error.ShouldContain($"{leads}:2:");
        error.ShouldContain("occurred_at");
        output.ShouldContain("ok-1");
        output.ShouldContain("ok-2");
    }

    [Theory]
    [InlineData("intent.json", "\"signals.Any(\\\"roi_calculator\\\")\"", "\"signals.Anny(\\\"roi_calculator\\\")\"", "intent.roi_calculator")]
    [InlineData("behavior.json", "\"RuleName\": \"behavior.ebook_download\"", "\"RuleName\": \"behavior.webinar_attended\"", "behavior.webinar_attended")]
    [InlineData("fit.json", "\"points\": 15,\n        \"reason\": \"Target industry\"", "\"reason\": \"Target industry\"", "fit.target_industry")]
    [InlineData("fit.json", "\"Properties\": {\n        \"points\": 15,", "\"Propertes\": {\n        \"points\": 15,", "fit.target_industry")]
    [InlineData("tiers.json", "\"RuleName\": \"tier.A\",", "\"RuleName\": \"tier.A\",,", "tiers.json:")]
    public async Task Score_MalformedRules_Exits2NamingFileAndRule_AndScoresNothing(string file, string find, string replace, string named)
    {
        using var dir = new TempFolder();
        var rules = dir.CopyRules();
        var path = Path.Combine(rules, file);
        var text = await File.ReadAllTextAsync(path);
        text.ShouldContain(find);
        await File.WriteAllTextAsync(path, text.Replace(find, replace, StringComparison.Ordinal));

        var (code, output, error) = await CliRun.RunAsync("score", "--lead", Repo.SampleLeads, "--rules", rules);

        code.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldContain(file);
        error.ShouldContain(named);
    }

    [Fact]
    public async Task Score_UnknownOption_IsAUsageError()
    {
        (await CliRun.RunAsync("score", "--lead", Repo.SampleLeads, "--colour")).ExitCode.ShouldBe(2);
        (await CliRun.RunAsync("score", "--lead", Repo.SampleLeads, "--as-of", "20/11/2026")).ExitCode.ShouldBe(2);
        (await CliRun.RunAsync("score", "--lead", Repo.SampleLeads, "--rules", Repo.Rules, "--motion", "field")).ExitCode.ShouldBe(2);
    }
}
