using RuleScoring.Core.Decay;

namespace RuleScoring.Core.Rules;

/// <summary>A fit, intent or behavior rule with its typed properties, checked when the rules load.</summary>
public sealed record ScoringRule(
    string Name,
    string Dimension,
    string File,
    string Expression,
    decimal Points,
    string ReasonTemplate,
    IReadOnlyList<string> Evidence,
    int? WindowDays,
    DecayProfile? Decay,
    EvidenceCounting Counting,
    int? Max,
    bool Disqualify);
