using RuleScoring.Core.Scoring;

namespace RuleScoring.Core.RuleTests;

/// <summary>A scored rule test: the card it got and, when it failed, each expectation it missed ("tier: expected A, got B").</summary>
public sealed record RuleTestResult(RuleTestCase Case, ScoreCard Card, IReadOnlyList<string> Failures)
{
    public bool Passed => Failures.Count == 0;
}
