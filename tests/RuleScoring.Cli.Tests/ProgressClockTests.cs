namespace RuleScoring.Cli.Tests;

public sealed class ProgressClockTests
{
    [Theory]
    [InlineData(null, 1.0)]
    [InlineData("", 1.0)]
    [InlineData("0", 0.0)]
    [InlineData("0.25", 0.25)]
    [InlineData("2,5", 1.0)]
    [InlineData("-1", 1.0)]
    [InlineData("NaN", 1.0)]
    [InlineData("99999", 1.0)]
    public void Interval_FromTheEnvironment_FallsBackToOneSecondOnAnythingButASaneNumber(string? text, double seconds) =>
        ProgressClock.ReadInterval(text).ShouldBe(TimeSpan.FromSeconds(seconds));
}
