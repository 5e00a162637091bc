namespace RuleScoring.Replay.Metrics;

/// <summary>The share of all wins held by the top <see cref="Fraction"/> of deals by composite.</summary>
internal sealed record TopShare(double Fraction, double? ShareOfWins);
