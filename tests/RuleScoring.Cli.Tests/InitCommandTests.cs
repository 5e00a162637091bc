using System.Text.Json;
using System.Text.Json.Nodes;
using RuleScoring.Core.Governance;
using RuleScoring.Core.Rules;

namespace RuleScoring.Cli.Tests;

public sealed class InitCommandTests
{
    [Fact]
    public async Task Init_NewFolder_ValidatesAtOnce_PassesItsRuleTests_AndScoresALead()
    {
        using var dir = new TempFolder();
        var rules = Path.Combine(dir.Path, "my-model");

        var init = await CliRun.RunAsync("init", rules);

        init.ExitCode.ShouldBe(0, init.Error);
        init.Error.ShouldBeEmpty();
        init.Output.ShouldContain($"rulescore validate --rules {rules}");
        var (code, output, error) = await CliRun.RunAsync("validate", "--rules", rules);
        error.ShouldBeEmpty();
        code.ShouldBe(0);
        output.ShouldNotContain("warning");
        output.ShouldMatch(@"\b3 rule tests passed, 0 failed \(tests/first-leads\.json\)");
        output.ShouldContain("ok: new-model 0.1.0");

        var lead = dir.Write("lead.json", """
            {"lead_id": "L-1", "attributes": {"email": "kim@northwind.example", "industry": "SaaS", "employees": 80, "segment": "Mid-Market"},
             "signals": [{"type": "demo_request", "occurred_at": "2026-11-19T12:00:00Z"}]}
            """);
        var score = await CliRun.RunAsync("score", "--lead", lead, "--rules", rules, "--format", "jsonl");
        score.ExitCode.ShouldBe(0, score.Error);
        using var card = JsonDocument.Parse(score.Output.Trim());
        card.RootElement.GetProperty("tier").GetProperty("tier").GetString().ShouldBe("A");
        var reasons = card.RootElement.GetRawText();
        reasons.ShouldContain("fit.target_segment");
        reasons.ShouldContain("intent.demo_request");
    }

    [Fact]
    public async Task Init_EveryJsonFile_PointsAtASchemaFileThatWasWritten()
    {
        using var dir = new TempFolder();
        var rules = Path.Combine(dir.Path, "m");
        (await CliRun.RunAsync("init", rules)).ExitCode.ShouldBe(0);

        var files = Directory.GetFiles(rules, "*.json", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).ToArray();
        files.Length.ShouldBe(6);
        foreach (var file in files)
        {
            var schema = (string?)JsonNode.Parse(await File.ReadAllTextAsync(file))!["$schema"];
            schema.ShouldNotBeNull(file);
            File.Exists(Path.Combine(Path.GetDirectoryName(file)!, schema)).ShouldBeTrue($"{file}: {schema}");
        }

        // The schemas are rules/schema's own files, not copies that drift.
        foreach (var schema in Directory.GetFiles(Path.Combine(Repo.Rules, "schema")))
        {
            (await File.ReadAllTextAsync(Path.Combine(rules, "schema", Path.GetFileName(schema)))).ShouldBe(await File.ReadAllTextAsync(schema));
        }
    }

    [Fact]
    public async Task Init_Changelog_HasAFirstEntryForTheModelsVersion_DatedToday()
    {
        using var dir = new TempFolder();
        var rules = Path.Combine(dir.Path, "m");
        (await CliRun.RunAsync("init", rules)).ExitCode.ShouldBe(0);

        var changelog = ChangelogReader.Read(rules);

        changelog.Problems.ShouldBeEmpty();
        var entry = changelog.Entries.ShouldHaveSingleItem();
        entry.Version.ShouldBe(RuleSetLoader.Load(rules).Identity.Version);
        entry.Date.ShouldBe(DateOnly.FromDateTime(FixedClock.Now.UtcDateTime));
    }

    [Fact]
    public async Task Init_FolderThatIsNotEmpty_IsRefusedWithExit2_AndWritesNothing()
    {
        using var dir = new TempFolder();
        dir.Write("notes.txt", "mine");

        var (code, output, error) = await CliRun.RunAsync("init", dir.Path);

        code.ShouldBe(2);
        error.Trim().ShouldBe($"{dir.Path} is not an empty folder: rulescore init writes only into a new or empty one.");
        output.ShouldBeEmpty();
        Directory.GetFileSystemEntries(dir.Path).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Init_EmptyFolder_IsWrittenInto()
    {
        using var dir = new TempFolder();

        (await CliRun.RunAsync("init", dir.Path)).ExitCode.ShouldBe(0);

        File.Exists(Path.Combine(dir.Path, "model.json")).ShouldBeTrue();
        File.Exists(Path.Combine(dir.Path, "tests", "first-leads.json")).ShouldBeTrue();
    }
}
