using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;

namespace RuleScoring.Core.Tests.Support;

/// <summary>The shipped rules/ folder, loaded once per test run, with a scorer per compiler setting.</summary>
internal static class DefaultModel
{
    private static readonly Lazy<RuleSet> Rules = new(() => RuleSetLoader.Load(Repo.Rules));
    private static readonly Lazy<LeadScorer> Plain = new(() => new LeadScorer(Rules.Value, useFastExpressionCompiler: false));
    private static readonly Lazy<LeadScorer> Fast = new(() => new LeadScorer(Rules.Value, useFastExpressionCompiler: true));

    public static RuleSet RuleSet => Rules.Value;

    public static LeadScorer Scorer(bool fastCompiler = false) => fastCompiler ? Fast.Value : Plain.Value;

    public static ScoreCard Score(LeadBuilder lead, bool fastCompiler = false) =>
        Scorer(fastCompiler).Score(lead.Build(), Some.AsOf);
}
