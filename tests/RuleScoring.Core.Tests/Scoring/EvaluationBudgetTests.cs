using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Scoring;

/// <summary>
/// A rule whose work grows with the square of a lead's signals passes the expression guard (one
/// operator inside another is allowed); the budget is what stops it: refused on the busy lead
/// before it ships, and an error on the card (naming the rule) when a real lead is busier still.
/// </summary>
public sealed class EvaluationBudgetTests
{
    // Every signal compared with every other: 2,000 signals are 4,000,000 steps.
    private const string Quadratic = "signals.Events.Any(a => signals.Events.Count(b => b.Value == a.Value) > 100000)";

    // Quadratic only in pricing views: a busy lead of every type stays inside the budget, a lead with
    // 1,100 pricing views does not.
    private const string QuadraticInOneType = "signals.Events.Where(a => a.Type == \"pricing_view\").Any(a => signals.Events.Count(b => b.Value == a.Value) > 100000)";

    [Fact]
    public void NewScorer_RuleQuadraticInTheLeadsSignals_IsRefusedNamingTheRule()
    {
        using var rules = new RulesCopy().EditJson("fit.json", w => RulesCopy.Rule(w, "fit.partner_tech")["Expression"] = Quadratic);
        var ruleSet = RuleSetLoader.Load(rules.Directory);

        var refused = Should.Throw<RuleSetException>(() => new LeadScorer(ruleSet));

        var problem = refused.Problems.ShouldHaveSingleItem();
        problem.Rule.ShouldBe("fit.partner_tech");
        problem.File.ShouldBe("fit.json");
        problem.Message.ShouldContain("exceeded the evaluation budget");
        problem.Message.ShouldContain("walked more than 1,000,000 collection elements");
    }

    [Fact]
    public void Score_LeadBusierThanTheBudget_CarriesTheErrorOnTheRule_AndTheNextLeadScoresCleanly()
    {
        using var rules = new RulesCopy().EditJson("fit.json", w => RulesCopy.Rule(w, "fit.partner_tech")["Expression"] = QuadraticInOneType);
        var scorer = new LeadScorer(RuleSetLoader.Load(rules.Directory));
        var busy = Lead.Create("L-busy", [new("employees", "300")],
            Enumerable.Range(0, 1100).Select(i => new Signal("pricing_view", Some.AsOf.AddMinutes(-i), $"pv-{i}", Value: i)));

        var card = scorer.Score(busy, Some.AsOf);
        var next = scorer.Score(Some.IdealCustomer().Build(), Some.AsOf);

        card.Errors.ShouldNotBeEmpty();
        card.Errors[0].ShouldStartWith("fit.partner_tech: ");
        card.Errors[0].ShouldContain("exceeded the evaluation budget");
        next.Errors.ShouldBeEmpty();
        next.Tier.ShouldNotBeNull();
    }

    [Fact]
    public void EveryShippedRule_ScoresTheBusyLeadWithinTheBudget()
    {
        var ruleSet = RuleSetLoader.Load(Repo.Rules);

        var card = new LeadScorer(ruleSet).Score(WorstCaseLead.For(ruleSet), WorstCaseLead.AsOf);

        card.Errors.ShouldBeEmpty();
        card.Reasons.ShouldNotBeEmpty("the busy lead must exercise the rules, not slip past them");
    }
}
