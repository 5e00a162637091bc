namespace RuleScoring.Replay.Tests;

/// <summary>
/// More generated history than the replay tests need: a regression over ~20 rule indicators
/// needs hundreds of closed deals before its out-of-sample AUC clears chance by two standard errors.
/// </summary>
public sealed class CalibrationFixture : ReplayFixture
{
    public CalibrationFixture()
        : base(8000)
    {
    }
}
