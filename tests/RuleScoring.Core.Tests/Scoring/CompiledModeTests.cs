using System.Linq.Expressions;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tests.Support;
using RulesEngine.Models;

namespace RuleScoring.Core.Tests.Scoring;

/// <summary>
/// The compiled scorer (each rule a delegate, called directly) against the reference (RulesEngine's
/// ExecuteAllRulesAsync per lead): the same card, byte for byte, on generated leads, the bundled
/// samples, the dataset examples, and the cards that carry errors (a rule that throws, a rule
/// that spends the evaluation budget).
/// </summary>
public sealed class CompiledModeTests
{
    // Throws DivideByZeroException on a seventh of the leads that have a size, and never on a lead without one (the warm-up).
    private const string ThrowsOnSomeSizes = "lead.Employees > 0 and 1000 / (lead.Employees.Value % 7) > 0";

    // Throws ArgumentOutOfRangeException on a title of 1 to 11 characters.
    private const string ThrowsOnShortTitles = "lead.Title.Length > 0 and lead.Title.Substring(12) != \"zz\"";

    // A tier rule that throws for the abm and plg motions (three letters) and keeps tier.B's meaning otherwise.
    private const string TierThrowsOnShortMotions = "card.Motion.Substring(4) == \"zz\" or (card.Fit >= 30 and (card.Intent >= 20 or card.Behavior >= 25))";

    // Quadratic in pricing views only: the busy lead of every type stays inside the budget, 1,100 pricing views do not.
    private const string QuadraticInOneType = "signals.Events.Where(a => a.Type == \"pricing_view\").Any(a => signals.Events.Count(b => b.Value == a.Value) > 100000)";


    [Fact]
    public void NewScorer_ComputesByDefault_AndReferenceIsTheEngine()
    {
        new LeadScorer(DefaultModel.RuleSet).Mode.ShouldBe(LeadScorerMode.Compiled);
        new LeadScorer(DefaultModel.RuleSet, LeadScorerMode.Reference).Mode.ShouldBe(LeadScorerMode.Reference);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GeneratedLeads_UnderShippedRules_CompiledCardsAreTheReferenceCards(bool fastCompiler)
    {
        var cards = ScoreBothWays(DefaultModel.RuleSet, Some.Generated(3_000, seed: 11), Some.AsOf, fastCompiler);

        cards.Select(c => c.Tier?.Tier).Distinct().Count().ShouldBeGreaterThan(2, "the leads must reach several tiers to prove anything");
        cards.ShouldAllBe(c => c.Errors.Count == 0);
    }

    [Fact]
    public void BundledSamples_UnderShippedRules_CompiledCardsAreTheReferenceCards()
    {
        var path = Path.Combine(Repo.Root, "src", "RuleScoring.Cli", "Samples", "leads.jsonl");
        var leads = LeadJsonReader.Read(File.ReadAllText(path)).Select(r => r.Lead.ShouldNotBeNull()).ToList();

        ScoreBothWays(DefaultModel.RuleSet, leads, Some.AsOf).Count.ShouldBe(leads.Count);
    }

    [Fact]
    public void RulesThatThrow_CarryTheSameErrorsOnTheSameCards()
    {
        using var rules = new RulesCopy()
            .EditJson("fit.json", w => RulesCopy.Rule(w, "fit.target_function")["Expression"] = ThrowsOnSomeSizes)
            .EditJson("fit.json", w => RulesCopy.Rule(w, "fit.executive")["Expression"] = ThrowsOnShortTitles)
            .EditJson("tiers.json", w => RulesCopy.Rule(w, "tier.B")["Expression"] = TierThrowsOnShortMotions)
            .EditJson("intent.json", w => w["Rules"]!.AsArray()[0]!["Enabled"] = false);
        var ruleSet = RuleSetLoader.Load(rules.Directory);
        var leads = Some.Generated(2_000, seed: 12).Append(Some.Lead("L-plg").With("motion", "plg").With("title", "VP").With("employees", "700").Build()).ToList();

        var cards = ScoreBothWays(ruleSet, leads, Some.AsOf);

        var errors = cards.SelectMany(c => c.Errors).ToList();
        errors.ShouldContain(e => e.StartsWith("fit.target_function: Error while executing rule : fit.target_function - ", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("fit.executive: Error while executing rule : fit.executive - ", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("tier.B: Error while executing rule : tier.B - ", StringComparison.Ordinal));
        ruleSet.DisabledRules.ShouldHaveSingleItem();
        cards.ShouldAllBe(c => c.Reasons.All(r => r.Code != ruleSet.DisabledRules[0]));
        cards.Count(c => c.Errors.Count == 0).ShouldBeGreaterThan(0, "a card without an error must stay untouched by the others' errors");
    }

    [Fact]
    public void RuleOverTheBudget_CarriesTheSameBudgetErrors_AndTheNextLeadScoresTheSame()
    {
        using var rules = new RulesCopy().EditJson("fit.json", w => RulesCopy.Rule(w, "fit.partner_tech")["Expression"] = QuadraticInOneType);
        var ruleSet = RuleSetLoader.Load(rules.Directory);
        Lead Busy(string id, int views) => Lead.Create(id, [new("employees", "300"), new("tech_stack", "salesforce;hubspot")],
            Enumerable.Range(0, views).Select(i => new Signal("pricing_view", Some.AsOf.AddMinutes(-i), $"pv-{i}", Value: i)));
        var leads = new List<Lead> { Busy("L-busy", 1_100), Some.IdealCustomer().Build(), Busy("L-busier", 1_500), WorstCaseLead.For(ruleSet) };
        leads.AddRange(Some.Generated(300, seed: 13));

        var cards = ScoreBothWays(ruleSet, leads, Some.AsOf);

        cards[0].Errors[0].ShouldStartWith("fit.partner_tech: ");
        cards[0].Errors[0].ShouldContain("exceeded the evaluation budget");
        cards[2].Errors.ShouldContain(e => EvaluationBudget.IsBudgetError(e));
        cards[1].Errors.ShouldBeEmpty();
        cards.Skip(3).ShouldAllBe(c => c.Errors.Count == 0);
    }

    [Fact]
    public void NewCompiledScorer_RuleQuadraticInTheLeadsSignals_IsRefusedAsTheReferenceIs()
    {
        const string quadratic = "signals.Events.Any(a => signals.Events.Count(b => b.Value == a.Value) > 100000)";
        using var rules = new RulesCopy().EditJson("fit.json", w => RulesCopy.Rule(w, "fit.partner_tech")["Expression"] = quadratic);
        var ruleSet = RuleSetLoader.Load(rules.Directory);

        var compiled = Should.Throw<RuleSetException>(() => new LeadScorer(ruleSet, LeadScorerMode.Compiled));
        var reference = Should.Throw<RuleSetException>(() => new LeadScorer(ruleSet, LeadScorerMode.Reference));

        compiled.Problems.ShouldHaveSingleItem().ShouldBe(reference.Problems.ShouldHaveSingleItem());
    }

    [SkippableTheory]
    [InlineData("bank-marketing")]
    [InlineData("crm-sales-opportunities")]
    [InlineData("x-education")]
    public void DatasetExample_OnItsRealRows_CompiledCardsAreTheReferenceCards(string example)
    {
        var leads = DatasetRows.ForOrSkip(example, max: 5_000);
        var ruleSet = RuleSetLoader.Load(Path.Combine(Repo.Rules, "examples", example));

        var cards = ScoreBothWays(ruleSet, leads, Some.AsOf);

        cards.Select(c => c.Tier?.Tier).Distinct().Count().ShouldBeGreaterThan(1, "the rows must reach more than one tier to prove anything");
        cards.SelectMany(c => c.Reasons).Select(r => r.Code).Distinct().Count().ShouldBeGreaterThan(3);
    }

    [Fact]
    public async Task CompiledWorkflow_SkipsDisabledRules_KeepsOrder_AndReportsWhatFiredOrFailedAsTheEngineDoes()
    {
        var workflow = new Workflow
        {
            WorkflowName = "tiers",
            Rules =
            [
                new Rule { RuleName = "first", Expression = "card.Fit > 10", RuleExpressionType = RuleExpressionType.LambdaExpression },
                new Rule { RuleName = "not fired", Expression = "card.Fit > 90", RuleExpressionType = RuleExpressionType.LambdaExpression },
                new Rule { RuleName = "off", Expression = "true", Enabled = false, RuleExpressionType = RuleExpressionType.LambdaExpression },
                new Rule { RuleName = "throws", Expression = "card.Motion.Substring(10) == \"\"", RuleExpressionType = RuleExpressionType.LambdaExpression },
                new Rule { RuleName = "unparsed", Expression = "card.NoSuchMember", RuleExpressionType = RuleExpressionType.LambdaExpression },
                new Rule { RuleName = "last", Expression = "true", RuleExpressionType = RuleExpressionType.LambdaExpression },
            ],
        };
        var card = new Tiers.TierFacts(50, 0, 0, 0, 0, 0, 0, false, "abm", []);
        var compiled = new CompiledWorkflow<Func<Tiers.TierFacts, bool>>(workflow, EngineSettings.Create(false), Expression.Parameter(typeof(Tiers.TierFacts), "card"));
        var outcomes = new List<RuleOutcome>();

        compiled.Evaluate(card, static (rule, c) => rule(c), outcomes);

        var engine = new RulesEngine.RulesEngine([workflow], EngineSettings.Create(false));
        var expected = (await engine.ExecuteAllRulesAsync("tiers", new RuleParameter("card", card)))
            .Select(r => new RuleOutcome(r.Rule.RuleName, r.IsSuccess, string.IsNullOrEmpty(r.ExceptionMessage) ? null : r.ExceptionMessage))
            .Where(o => o.IsSuccess || o.ExceptionMessage is not null)
            .ToList();
        outcomes.Select(o => o.RuleName).ShouldBe(["first", "throws", "unparsed", "last"]);
        outcomes.Select(o => o with { Position = -1 }).ShouldBe(expected);
        // Each outcome knows its rule's place among the workflow's rules, disabled ones counted.
        outcomes.Select(o => o.Position).ShouldBe([0, 3, 4, 5]);
    }

    /// <summary>Scores every lead both ways and fails listing the first cards that differ; the compiled cards otherwise.</summary>
    private static List<ScoreCard> ScoreBothWays(RuleSet ruleSet, IReadOnlyList<Lead> leads, DateTimeOffset asOf, bool fastCompiler = false)
    {
        var compiled = new LeadScorer(ruleSet, fastCompiler, LeadScorerMode.Compiled);
        var reference = new LeadScorer(ruleSet, fastCompiler, LeadScorerMode.Reference);
        var cards = new List<ScoreCard>(leads.Count);
        var differing = new List<string>();
        foreach (var lead in leads)
        {
            var card = compiled.Score(lead, asOf);
            var expected = ScoreCardJson.Serialize(reference.Score(lead, asOf));
            var actual = ScoreCardJson.Serialize(card);
            if (actual != expected && differing.Count < 3)
            {
                differing.Add($"{lead.LeadId}:\n  compiled:  {actual}\n  reference: {expected}");
            }

            cards.Add(card);
        }

        differing.ShouldBeEmpty();
        return cards;
    }
}
