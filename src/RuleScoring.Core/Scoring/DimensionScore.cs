namespace RuleScoring.Core.Scoring;

/// <summary>
/// One dimension of a card: <see cref="Raw"/> is the sum of its reasons' points,
/// <see cref="Score"/> is clamp(raw, 0, cap) / cap x 100, and <see cref="Weight"/> is its
/// share (percent) of the composite under the card's motion.
/// </summary>
public sealed record DimensionScore(string Name, decimal Raw, decimal Score, decimal Cap, decimal Weight);
