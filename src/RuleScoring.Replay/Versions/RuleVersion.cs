using RuleScoring.Core.Governance;
using RuleScoring.Core.Rules;
using RuleScoring.Core.RuleTests;

namespace RuleScoring.Replay.Versions;

/// <summary>One side of a comparison: the loaded rules, their changelog, and where they came from ("origin/main (1a2b3c4)" or a folder).</summary>
public sealed record RuleVersion(string Source, RuleSet Rules, Changelog Changelog)
{
    /// <summary>The folder's rule tests (tests/*.json), read while the folder exists (a git ref's is a temporary copy); empty when none were read.</summary>
    public RuleTestSuite Tests { get; init; } = new([], [], []);
}
