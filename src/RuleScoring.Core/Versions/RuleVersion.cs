using RuleScoring.Core.Governance;
using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Versions;

/// <summary>One side of a comparison: the loaded rules, their changelog, and where they came from ("origin/main (1a2b3c4)" or a folder).</summary>
public sealed record RuleVersion(string Source, RuleSet Rules, Changelog Changelog);
