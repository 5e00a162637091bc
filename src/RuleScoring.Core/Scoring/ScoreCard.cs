using RuleScoring.Core.Reasons;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Tiers;

namespace RuleScoring.Core.Scoring;

/// <summary>A lead's score at one point in time under one rule set, with the reasons behind it.</summary>
public sealed record ScoreCard(
    string LeadId,
    DateTimeOffset AsOf,
    RuleSetIdentity Rules,
    string Motion,
    IReadOnlyList<DimensionScore> Dimensions,
    decimal Composite,
    TierAssignment? Tier,
    bool Disqualified,
    IReadOnlyList<Reason> Reasons,
    DateTimeOffset? NextChangeAt,
    IReadOnlyList<string> Errors)
{
    public DimensionScore Dimension(string name) =>
        Dimensions.FirstOrDefault(d => d.Name == name) ?? throw new ArgumentException($"no dimension '{name}'", nameof(name));

    public DimensionScore Fit => Dimension("fit");
    public DimensionScore Intent => Dimension("intent");
    public DimensionScore Behavior => Dimension("behavior");
}
