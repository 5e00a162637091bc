using System.Text.Json.Nodes;
using RuleScoring.Core.Rules;
using RuleScoring.Tests.Support;
using Shouldly;

namespace RuleScoring.Core.Tests.Routing;

public sealed class RoutingValidationTests
{
    private static IReadOnlyList<string> Errors(RulesCopy rules) =>
        RuleSetLoader.Validate(rules.Directory).Problems.Where(p => p.Severity == RuleProblemSeverity.Error).Select(p => p.ToString()).ToList();

    [Fact]
    public void Validate_ShippedRouting_HasNoProblems()
    {
        using var rules = new RulesCopy();
        var result = RuleSetLoader.Validate(rules.Directory);
        result.Problems.Where(p => p.File is "routing.json" or "teams.json" or "plays.json").ShouldBeEmpty();
        result.RuleSet!.Routing.ShouldNotBeNull().Rules.Count.ShouldBe(4);
    }

    [Fact]
    public void Validate_UnknownMemberInAQueue_IsAnErrorOnItsLine()
    {
        using var rules = new RulesCopy().Edit("teams.json", t => t.Replace("\"members\": [\"tyler.brooks\", \"ana.lopez\"]", "\"members\": [\"tyler.brooks\", \"ana.lopes\"]"));

        Errors(rules).ShouldContain(e => e.StartsWith("teams.json:21: error:", StringComparison.Ordinal) && e.Contains("member \"ana.lopes\" is not in members"));
    }

    [Theory]
    [InlineData("EST")]
    [InlineData("Eastern Standard Time")]
    [InlineData("Mars/Olympus_Mons")]
    public void Validate_TimeZoneThatIsNotAnIanaId_IsAnError(string zone)
    {
        using var rules = new RulesCopy().EditJson("teams.json", t => t["members"]!["maya.chen"]!["timeZone"] = zone);

        Errors(rules).ShouldContain(e => System.Text.RegularExpressions.Regex.IsMatch(e, "^teams.json:[0-9]+: error:") && e.Contains($"timeZone \"{zone}\" is not an IANA time zone id"));
    }

    [Fact]
    public void Validate_RoutingRuleNamingAnUnknownQueue_IsAnErrorOnTheRule()
    {
        using var rules = new RulesCopy().Edit("routing.json", t => t.Replace("\"queue\": \"ae_emea\"", "\"queue\": \"ae_apac\""));

        Errors(rules).ShouldContain(e => e.StartsWith("routing.json:7: error: rule 'route.enterprise_emea':", StringComparison.Ordinal) && e.Contains("queue \"ae_apac\" is not in teams.json"));
    }

    [Fact]
    public void Validate_QueueNothingReaches_IsAnError()
    {
        using var rules = new RulesCopy().EditJson("teams.json", t =>
            t["queues"]!.AsObject().Add("nurture", JsonNode.Parse("""{ "members": ["tyler.brooks"], "escalation": { "to": "dana.whitfield", "graceMinutes": 60 }, "fallback": { "action": "hold" } }""")));

        Errors(rules).ShouldContain(e => e.StartsWith("teams.json:", StringComparison.Ordinal) && e.Contains("queue \"nurture\" is never reached"));
    }

    [Fact]
    public void Validate_RuleAfterOneThatAlwaysMatches_NeverMatches()
    {
        using var rules = new RulesCopy().EditJson("routing.json", t =>
            t["Rules"]!.AsArray().Add(JsonNode.Parse("""{ "RuleName": "route.late", "Expression": "card.Tier == \"B\"", "Properties": { "queue": "sdr_us", "reason": "late" } }""")));

        Errors(rules).ShouldContain(e => e.Contains("rule 'route.late': never matches: route.sdr_americas before it always matches"));
    }

    [Fact]
    public void Validate_PlayNamingAnUnknownReasonCode_IsAWarningOnItsLine()
    {
        using var rules = new RulesCopy().Edit("plays.json", t => t.Replace("\"intent.demo_request\"", "\"intent.demo_requested\""));

        RuleSetLoader.Validate(rules.Directory).Problems.Select(p => p.ToString())
            .ShouldContain(e => e.StartsWith("plays.json:7: warning:", StringComparison.Ordinal) && e.Contains("reason code \"intent.demo_requested\" is not a rule"));
    }

    [Fact]
    public void Validate_EscalationContactNotAMember_IsAnError()
    {
        using var rules = new RulesCopy().Edit("teams.json", t => t.Replace("\"to\": \"dana.whitfield\", \"graceMinutes\": 30 },\n      \"fallback\": { \"action\": \"queue\", \"queue\": \"sdr_us\" }",
            "\"to\": \"dana.w\", \"graceMinutes\": 30 },\n      \"fallback\": { \"action\": \"queue\", \"queue\": \"sdr_us\" }"));

        Errors(rules).ShouldContain(e => e.Contains("escalation contact \"dana.w\" is not in members"));
    }

    [Fact]
    public void Validate_TeamsWithoutRouting_IsAnError()
    {
        using var rules = new RulesCopy();
        File.Delete(Path.Combine(rules.Directory, "routing.json"));

        Errors(rules).ShouldContain(e => e.StartsWith("teams.json: error:", StringComparison.Ordinal) && e.Contains("routing.json is missing"));
    }
}
