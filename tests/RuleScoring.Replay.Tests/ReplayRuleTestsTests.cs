using RuleScoring.Replay.Reports;

namespace RuleScoring.Replay.Tests;

public sealed class ReplayRuleTestsTests(ReplayFixture data) : IClassFixture<ReplayFixture>
{
    /// <summary>A copy of rules/ with its tests/ folder, the demo request worth <paramref name="demoPoints"/>.</summary>
    private string HeadWithTests(string name, int demoPoints)
    {
        var head = data.RulesCopy(name, (file, node) =>
        {
            if (file == "intent.json")
            {
                ReplayFixture.SetPoints(node, "intent.demo_request", demoPoints);
            }
        });
        Directory.CreateDirectory(Path.Combine(head, "tests"));
        foreach (var file in Directory.GetFiles(Path.Combine(Repo.Rules, "tests"), "*.json"))
        {
            File.Copy(file, Path.Combine(head, "tests", Path.GetFileName(file)));
        }

        return head;
    }

    [Fact]
    public void Replay_HeadFailingItsOwnRuleTests_IsRefusedWithTheFailuresNamed()
    {
        var @base = data.RulesCopy("tests-base");
        // 5 points for a demo request breaks the playbook's "a demo request alone carries a good fit to A".
        var head = HeadWithTests("tests-broken", 5);

        var (code, output, error, _, outDir) = data.Replay(@base, head);

        code.ShouldBe(1);
        error.ShouldContain("fail their own rule tests");
        error.ShouldContain("tests/tiers.json:");
        error.ShouldContain("'demo request alone from a good fit': tier: expected A");
        error.ShouldContain("--ignore-rule-tests");
        output.ShouldBeEmpty();
        Directory.Exists(outDir).ShouldBeFalse("nothing is replayed");
    }

    [Fact]
    public void Replay_HeadFailingItsRuleTestsWithIgnoreFlag_ReplaysAndSaysSoInTheHeadline()
    {
        var @base = data.RulesCopy("tests-base-ignored");
        var head = HeadWithTests("tests-ignored", 5);
        var outDir = Path.Combine(data.Folder, "out-" + Guid.NewGuid().ToString("N"));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = ReplayCommand.Run(new ReplayCommand.Settings(@base, head, head, null, data.DataDirectory, "created", null, outDir, new Gate(null, false, null)) { IgnoreRuleTests = true },
            FixedClock.Create(), output, error);

        File.Exists(Path.Combine(outDir, "report.md")).ShouldBeTrue(error.ToString());
        code.ShouldBeInRange(0, 1, "replayed: only a gate may fail it now");
        output.ToString().ShouldContain("**Head fails its own rule tests**");
        output.ToString().ShouldContain("replayed anyway with --ignore-rule-tests");
        output.ToString().ShouldContain("'demo request alone from a good fit'");
        File.ReadAllText(Path.Combine(outDir, "report.json")).ShouldContain("\"head_rule_test_failures\": [");
    }

    [Fact]
    public void Replay_HeadPassingItsRuleTests_ReplaysAsBefore()
    {
        var head = HeadWithTests("tests-passing", 50);

        var (code, output, error, _, _) = data.Replay(data.RulesCopy("tests-passing-base"), head);

        code.ShouldBe(0, error);
        output.ShouldContain("**no change**");
        output.ShouldNotContain("rule tests");
    }
}
