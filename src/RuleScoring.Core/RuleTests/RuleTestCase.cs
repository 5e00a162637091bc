using RuleScoring.Core.Leads;

namespace RuleScoring.Core.RuleTests;

/// <summary>One golden lead from rules/tests/*.json: the lead, when it is scored, and what its card must show.</summary>
/// <param name="File">The test file relative to the rules folder, e.g. tests/tiers.json.</param>
/// <param name="Line">The line where the case starts.</param>
/// <param name="Why">The playbook intent the case encodes, printed when it fails.</param>
/// <param name="Motion">Composite weights to score with; null lets the lead's motion attribute or the model default decide.</param>
public sealed record RuleTestCase(
    string File,
    int? Line,
    string Name,
    string Why,
    Lead Lead,
    DateTimeOffset AsOf,
    string? Motion,
    RuleTestExpectation Expect);
