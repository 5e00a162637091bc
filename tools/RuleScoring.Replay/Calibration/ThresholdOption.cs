namespace RuleScoring.Replay.Calibration;

/// <summary>A composite cut-off that puts <see cref="Share"/> of deals in the top tier, and what it implies: precision (win rate), lift and monthly volume for sales.</summary>
internal sealed record ThresholdOption(double Share, decimal Cutoff, int Deals, double WinRate, double Lift, double? DealsPerMonth);
