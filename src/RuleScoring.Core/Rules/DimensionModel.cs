using RuleScoring.Core.Decay;

namespace RuleScoring.Core.Rules;

/// <summary>A scoring dimension: its cap for normalisation and the decay its positive rules use by default.</summary>
public sealed record DimensionModel(string Name, decimal Cap, DecayProfile Decay, IReadOnlyList<ScoringRule> Rules);
