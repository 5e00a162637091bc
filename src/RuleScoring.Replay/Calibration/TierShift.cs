namespace RuleScoring.Replay.Calibration;

/// <summary>How many of the calibrated deals a tier holds with the current points and with the points calibrate would write.</summary>
internal sealed record TierShift(string Tier, int Before, int After, double BeforeShare, double AfterShare);
