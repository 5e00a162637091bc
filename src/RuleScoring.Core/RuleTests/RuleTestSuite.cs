namespace RuleScoring.Core.RuleTests;

/// <summary>The rule tests read from a rules folder: every case that can run, and every problem with the ones that cannot.</summary>
/// <param name="Files">The test files found, relative to the rules folder.</param>
public sealed record RuleTestSuite(IReadOnlyList<string> Files, IReadOnlyList<RuleTestCase> Cases, IReadOnlyList<RuleTestProblem> Problems);
