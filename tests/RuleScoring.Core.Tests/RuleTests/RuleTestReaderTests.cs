using RuleScoring.Core.RuleTests;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.RuleTests;

public sealed class RuleTestReaderTests
{
    private const string File = "tests/mine.json";

    private static RuleTestSuite Read(string json) => RuleTestReader.ReadText(File, json, DefaultModel.RuleSet);

    private static string OneCase(string expect, string signals = "[]", string extra = "") => $$"""
        {
          "asOf": "2026-11-20T12:00:00Z",
          "cases": [
            {
              "name": "the case",
              "why": "because",{{extra}}
              "lead": {
                "attributes": { "employees": 300 },
                "signals": {{signals}}
              },
              "expect": {{expect}}
            }
          ]
        }
        """;

    [Fact]
    public void ValidCase_RelativeSignalTimes_AreMadeAbsoluteAgainstAsOf()
    {
        var suite = Read(OneCase("""{ "tier": "C" }""", """[{ "type": "demo_request", "occurred_at": "-1d" }, { "type": "pricing_view", "occurred_at": "-3h" }, { "type": "blog_view", "occurred_at": "2026-11-01" }]"""));

        suite.Problems.ShouldBeEmpty();
        var test = suite.Cases.ShouldHaveSingleItem();
        test.Lead.LeadId.ShouldBe("the case", "lead_id defaults to the case name");
        test.AsOf.ShouldBe(Some.AsOf);
        test.Lead.Signals.Select(s => s.OccurredAt).ShouldBe([Some.AsOf.AddDays(-1), Some.AsOf.AddHours(-3), new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero)]);
        test.Line.ShouldBe(5, "the line of the case's name");
    }

    [Fact]
    public void InvalidJson_IsReportedWithItsLine()
    {
        var problem = Read(OneCase("""{ "tier": "C" },,""")).Problems.ShouldHaveSingleItem();

        problem.File.ShouldBe(File);
        problem.Line.ShouldBe(11);
        problem.Message.ShouldStartWith("invalid JSON");
    }

    [Fact]
    public void MisspeltExpectation_IsAnUnknownPropertyOnThatCaseAndLine()
    {
        var problem = Read(OneCase("""{ "tierr": "A" }""")).Problems.ShouldHaveSingleItem();

        problem.Case.ShouldBe("the case");
        problem.Line.ShouldBe(11);
        problem.Message.ShouldContain("unknown property 'tierr'");
        problem.ToString().ShouldStartWith("tests/mine.json:11: error: case 'the case': unknown property 'tierr'");
    }

    [Theory]
    [InlineData("""{ "reasons": ["intent.demo_requets"] }""", "intent.demo_requets")]
    [InlineData("""{ "notReasons": ["fit.nope"] }""", "fit.nope")]
    [InlineData("""{ "tier": "E" }""", "\"E\" is not a tier")]
    [InlineData("""{ "notTier": ["A", "Z"] }""", "\"Z\" is not a tier")]
    [InlineData("""{ "tierRule": "tier.Q" }""", "tier.Q")]
    [InlineData("""{ "intent": { "min": 50, "max": 20 } }""", "min 50 is above max 20")]
    [InlineData("""{ "intent": { "minimum": 50 } }""", "minimum")]
    [InlineData("""{ "intent": "high" }""", "expected a number")]
    [InlineData("""{ }""", "expect is empty")]
    [InlineData("""{ "reasons": ["intent.demo_request"], "notReasons": ["intent.demo_request"] }""", "both")]
    public void BadExpectation_NamesTheCaseAndWhatIsWrong(string expect, string message)
    {
        var problem = Read(OneCase(expect)).Problems.ShouldHaveSingleItem();

        problem.Case.ShouldBe("the case");
        problem.Line.ShouldBe(11);
        problem.Message.ShouldContain(message);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("1d")]
    [InlineData("-1y")]
    [InlineData("20/11/2026")]
    public void BadSignalTime_NamesTheSignalAndBothAcceptedForms(string when)
    {
        var problem = Read(OneCase("""{ "tier": "C" }""", $$"""[{ "type": "demo_request", "occurred_at": "{{when}}" }]""")).Problems.ShouldHaveSingleItem();

        problem.Case.ShouldBe("the case");
        problem.Line.ShouldBe(9);
        problem.Message.ShouldContain($"signal 1: occurred_at \"{when}\"");
        problem.Message.ShouldContain("-1d");
        problem.Message.ShouldContain("ISO 8601");
    }

    [Fact]
    public void BadLeadShape_IsReportedThroughTheLeadReader()
    {
        var problem = Read(OneCase("""{ "tier": "C" }""", """[{ "occurred_at": "-1d" }]""")).Problems.ShouldHaveSingleItem();

        problem.Case.ShouldBe("the case");
        problem.Message.ShouldContain("type is missing");
    }

    [Fact]
    public void UnknownMotion_IsReported()
    {
        var problem = Read(OneCase("""{ "tier": "C" }""", extra: "\n      \"motion\": \"field\",")).Problems.ShouldHaveSingleItem();

        problem.Message.ShouldContain("motion \"field\"");
        problem.Message.ShouldContain("abm");
    }

    [Fact]
    public void MissingWhy_IsAMissingProperty()
    {
        var json = OneCase("""{ "tier": "C" }""").Replace("\"why\": \"because\",", "", StringComparison.Ordinal);

        Read(json).Problems.ShouldHaveSingleItem().Message.ShouldContain("why");
    }

    [Fact]
    public void SeveralBadCases_AreAllReported_AndTheGoodOnesStillLoad()
    {
        var suite = Read("""
            {
              "asOf": "2026-11-20",
              "cases": [
                { "name": "good", "why": "w", "lead": {}, "expect": { "tier": "D" } },
                { "name": "bad reason", "why": "w", "lead": {}, "expect": { "reasons": ["fit.nope"] } },
                { "name": "good", "why": "w", "lead": {}, "expect": { "tier": "D" } },
                { "name": "bad time", "why": "w", "lead": { "signals": [{ "type": "blog_view", "occurred_at": "soon" }] }, "expect": { "tier": "D" } }
              ]
            }
            """);

        suite.Cases.Select(c => c.Name).ShouldBe(["good"]);
        suite.Problems.Select(p => (p.Case, p.Line)).ShouldBe([("bad reason", (int?)5), ("good", 6), ("bad time", 7)]);
        suite.Problems[1].Message.ShouldContain("same name");
    }

    [Fact]
    public void BadAsOf_StopsTheFileWithOneProblem()
    {
        var problem = Read(OneCase("""{ "tier": "C" }""").Replace("2026-11-20T12:00:00Z", "last tuesday", StringComparison.Ordinal)).Problems.ShouldHaveSingleItem();

        problem.Line.ShouldBe(2);
        problem.Case.ShouldBeNull();
        problem.Message.ShouldContain("asOf");
    }

    [Fact]
    public void NoTestsFolder_IsAnEmptySuite()
    {
        using var rules = new RulesCopy();
        System.IO.Directory.Delete(Path.Combine(rules.Directory, RuleTestReader.TestsFolder), recursive: true);

        var suite = RuleTestReader.Read(rules.Directory, DefaultModel.RuleSet);

        suite.Files.ShouldBeEmpty();
        suite.Cases.ShouldBeEmpty();
        suite.Problems.ShouldBeEmpty();
    }
}
