using System.Text.Json.Nodes;

namespace RuleScoring.Replay.Tests;

public sealed class ReplayBandTests(ReplayFixture data) : IClassFixture<ReplayFixture>
{
    [Fact]
    public void Replay_HeadModelSetsBandEdges_BandTableFollowsThem()
    {
        var @base = data.RulesCopy("bands-base");
        var head = data.RulesCopy("bands-head", (file, node) =>
        {
            if (file == "model.json")
            {
                node["bands"] = new JsonArray(20, 30, 40);
            }
        });

        var (code, output, error, _, _) = data.Replay(@base, head);

        code.ShouldBe(0, error);
        var table = BandTable(output);
        // report.md escapes its text: "<20" is written "&lt;20" and renders as "<20".
        table.Select(r => r.Split('|')[1].Trim()).ShouldBe(["&lt;20", "20-30", "30-40", "40+", "all"], string.Join('\n', table));
    }

    [Fact]
    public void Replay_HeadModelAsksForQuantileBands_TableSaysSoAndHasFiveBands()
    {
        var rules = data.RulesCopy("bands-quantile", (file, node) =>
        {
            if (file == "model.json")
            {
                node["bands"] = "quantile";
            }
        });

        var (code, output, error, _, _) = data.Replay(rules, rules);

        code.ShouldBe(0, error);
        output.ShouldContain("**Conversion by composite band** (quantile bands, head's model.json)");
        BandTable(output).Count.ShouldBe(6, "five quantile bands and the total");
    }

    private static List<string> BandTable(string output) => output.Split('\n')
        .SkipWhile(l => !l.StartsWith("**Conversion by composite band**", StringComparison.Ordinal))
        .SkipWhile(l => !l.StartsWith("| band", StringComparison.Ordinal)).Skip(2)
        .TakeWhile(l => l.StartsWith('|')).ToList();
}
