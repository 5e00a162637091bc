using RuleScoring.Core.RuleTests;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.RuleTests;

public sealed class RelativeTimeTests
{
    [Theory]
    [InlineData("-1d", -24 * 60)]
    [InlineData("-3h", -3 * 60)]
    [InlineData("-90m", -90)]
    [InlineData("-2w", -14 * 24 * 60)]
    [InlineData("+1d", 24 * 60)]
    [InlineData("-0d", 0)]
    public void TryParse_OffsetFromAsOf_IsThatManyMinutesAway(string text, int minutes)
    {
        RelativeTime.TryParse(text, Some.AsOf, out var at).ShouldBeTrue();
        at.ShouldBe(Some.AsOf.AddMinutes(minutes));
    }

    [Theory]
    [InlineData("1d")]
    [InlineData("-1y")]
    [InlineData("-1.5d")]
    [InlineData("yesterday")]
    [InlineData("2026-11-19")]
    [InlineData("-9999999d")]
    public void TryParse_AnythingElse_IsNotARelativeTime(string text) =>
        RelativeTime.TryParse(text, Some.AsOf, out _).ShouldBeFalse();
}
