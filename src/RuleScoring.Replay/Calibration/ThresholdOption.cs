namespace RuleScoring.Replay.Calibration;

/// <summary>
/// A composite cut-off for a top tier of at most <see cref="Share"/> of deals, and what it implies:
/// the share it truly takes (equal scores go in together, so it can be less), precision (win rate),
/// lift and monthly volume for sales. No cut-off when the highest group of equal scores alone is larger.
/// </summary>
internal sealed record ThresholdOption(double Share, decimal? Cutoff, double TrueShare, int Deals, double? WinRate, double? Lift, double? DealsPerMonth);
