using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;

namespace RuleScoring.Storage.Tests.Support;

/// <summary>The shipped rules, loaded and warmed once per test run.</summary>
internal static class Scoring
{
    private static readonly Lazy<LeadScorer> Shared = new(() => new LeadScorer(RuleSetLoader.Load(Repo.Rules)));

    public static LeadScorer Scorer => Shared.Value;
}
