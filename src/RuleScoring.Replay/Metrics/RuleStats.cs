namespace RuleScoring.Replay.Metrics;

/// <summary>
/// How one scoring rule behaved on the replayed deals: how often it fired, the win rate when it
/// fired and when it did not, its lift (win rate when fired over the base rate) and the phi
/// correlation between firing and winning (-1..1; 0 = unrelated).
/// </summary>
internal sealed record RuleStats(string Rule, string Dimension, decimal Points, int Fired, double FireRate, double? WinRateFired, double? WinRateNotFired, double? Lift, double? Phi, int Errors);
