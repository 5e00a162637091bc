using System.Globalization;
using RuleScoring.Core.Scoring;

namespace RuleScoring.Core.Tests.Scoring;

/// <summary>
/// The card's arithmetic shortcuts print exactly what the plain formula prints: a card's numbers
/// go into its JSON and its fingerprint, so a different scale ("1.0000" for "1") is a different card.
/// </summary>
public sealed class CardArithmeticTests
{
    private static string Plain(decimal points, decimal fullPoints) =>
        Math.Round(points / fullPoints, 4, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("15", "15")]
    [InlineData("15.00", "15")]
    [InlineData("15", "15.00")]
    [InlineData("12.5", "12.50")]
    [InlineData("-7.25", "-7.250")]
    [InlineData("0.01", "0.0100")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    public void ShareOf_FullPoints_PrintsAsTheDivisionDoes(string points, string fullPoints)
    {
        var p = decimal.Parse(points, CultureInfo.InvariantCulture);
        var f = decimal.Parse(fullPoints, CultureInfo.InvariantCulture);

        LeadScorer.ShareOf(p, f).ToString(CultureInfo.InvariantCulture).ShouldBe(Plain(p, f));
    }

    [Fact]
    public void ShareOf_ManyEarnedPoints_PrintsAsTheDivisionDoes()
    {
        var random = new Random(19);
        for (var i = 0; i < 100_000; i++)
        {
            var rulePoints = new decimal(random.Next(-5_000, 5_000), 0, 0, false, (byte)random.Next(0, 3));
            if (rulePoints == 0)
            {
                continue;
            }

            var multiplier = random.Next(3) == 0 ? 1m : Math.Round((decimal)random.NextDouble(), 4);
            var count = random.Next(1, 6);
            var full = rulePoints * count;
            var earned = 0m;
            for (var e = 0; e < count; e++)
            {
                earned += LeadScorer.Earned(rulePoints, multiplier);
            }

            if (earned != 0)
            {
                LeadScorer.ShareOf(earned, full).ToString(CultureInfo.InvariantCulture).ShouldBe(Plain(earned, full), $"{earned} / {full}");
            }
        }
    }
}
