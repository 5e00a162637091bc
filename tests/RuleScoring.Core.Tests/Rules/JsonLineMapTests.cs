using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Tests.Rules;

public sealed class JsonLineMapTests
{
    private static readonly JsonLineMap Map = JsonLineMap.Build("""
        {
          "asOf": "2026-11-20",
          "cases": [
            { "name": "a" },
            {
              "name": "b",
              "lead": { "signals": [
                { "type": "x" },
                { "type": "y",
                  "occurred_at": "-1d" }
              ] }
            }
          ]
        }
        """);

    [Theory]
    [InlineData("asOf", 2)]
    [InlineData("$.asOf", 2)]
    [InlineData("cases", 3)]
    [InlineData("cases[0]", 4)]
    [InlineData("cases[0].name", 4)]
    [InlineData("cases[1]", 5)]
    [InlineData("cases[1].name", 6)]
    [InlineData("cases[1].lead.signals[1].occurred_at", 10)]
    [InlineData("$.cases[1].lead.signals[0].type", 8)]
    public void LineOf_Path_IsTheLineWhereItIsWritten(string path, int line) => Map.LineOf(path).ShouldBe(line);

    [Theory]
    [InlineData("cases[1].expect.tierr", 5)]
    [InlineData("cases[1].lead.signals[1].topic", 9)]
    [InlineData("nowhere", 1)]
    public void LineOf_MissingPath_FallsBackToTheNearestEnclosingElement(string path, int line) => Map.LineOf(path).ShouldBe(line);
}
