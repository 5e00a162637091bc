namespace RuleScoring.Core.Decay;

/// <summary>Evidence at most <see cref="UpToDays"/> old keeps <see cref="Multiplier"/> of its points.</summary>
public sealed record DecayStep(int UpToDays, decimal Multiplier);
