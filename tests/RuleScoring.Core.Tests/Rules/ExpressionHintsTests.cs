using RuleScoring.Core.Rules;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Rules;

/// <summary>Expression errors name the fix where one is known, through the loader that reports them.</summary>
public sealed class ExpressionHintsTests
{
    private static RuleProblem ProblemFor(string expression)
    {
        using var rules = new RulesCopy().EditJson("fit.json", w => RulesCopy.Rule(w, "fit.target_industry")["Expression"] = expression);
        var errors = RuleSetLoader.Validate(rules.Directory).Errors.ToArray();
        return errors.ShouldHaveSingleItem(string.Join(Environment.NewLine, errors.Select(e => e.ToString())));
    }

    [Fact]
    public void UnknownLeadProperty_PointsAtLeadAttr()
    {
        var problem = ProblemFor("lead.Origin == \"web\"");

        problem.Rule.ShouldBe("fit.target_industry");
        problem.Message.ShouldContain("No property or field 'Origin' exists in type 'LeadFacts'");
        problem.Message.ShouldContain("did you mean lead.Attr(\"origin\")?");
    }

    [Fact]
    public void UnknownLeadProperty_InPascalCase_PointsAtTheSnakeCaseColumn()
    {
        ProblemFor("lead.LeadSource == \"web\"").Message.ShouldContain("lead.Attr(\"lead_source\")");
    }

    [Theory]
    [InlineData("new[] {\"software\", \"saas\"}.Contains(lead.Industry)")]
    [InlineData("{\"software\", \"saas\"}.Contains(lead.Industry)")]
    public void ArrayLiteral_PointsAtListsContains(string expression)
    {
        ProblemFor(expression).Message.ShouldContain("lists.Contains(\"list_name\", value)");
    }

    [Fact]
    public void UnknownSignalsMethod_ListsTheMembersThatExist()
    {
        var message = ProblemFor("signals.Has(\"demo_request\")").Message;

        message.ShouldContain("'Has'");
        message.ShouldContain("signals has ");
        message.ShouldContain("Count(type, withinDays)");
        message.ShouldContain("DaysSinceLast(type)");
        message.ShouldContain("Events");
    }

    [Fact]
    public void UnknownSignalEventProperty_ListsTheEventsMembers()
    {
        var message = ProblemFor("signals.Events.Any(e => e.Kind == \"demo_request\")").Message;

        message.ShouldContain("each signal event has Type, OccurredAt, AgeDays, Topic, Value, Source");
    }

    [Fact]
    public void ErrorWithNoKnownFix_IsLeftAsItWas()
    {
        var message = ProblemFor("lead.Industry ==").Message;

        message.ShouldStartWith("Expression does not parse:");
        message.ShouldNotContain("did you mean");
        message.ShouldNotContain("lists.Contains");
    }
}
