using RuleScoring.Core.Scoring;

namespace RuleScoring.Core.Tests.Scoring;

/// <summary>
/// PlainDecimal.Of against what it replaced, dividing by 1 at scale 28: the same bits (value,
/// scale and sign, negative zero included) for whole numbers, card-sized numbers and the extremes
/// of a decimal's 96-bit mantissa and 28-digit scale.
/// </summary>
public sealed class PlainDecimalTests
{
    private static decimal ByDivision(decimal value) => value / 1.0000000000000000000000000000m;

    [Theory]
    [InlineData("25.0", "25")]
    [InlineData("2.50", "2.5")]
    [InlineData("-12.500", "-12.5")]
    [InlineData("0.8500", "0.85")]
    [InlineData("40", "40")]
    [InlineData("100.00", "100")]
    public void Of_TrailingZerosDropped(string text, string plain)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        PlainDecimal.Of(value).ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe(plain);
    }

    [Fact]
    public void Of_EdgeValues_SameBitsAsDividingByOne()
    {
        decimal[] edges =
        [
            0m, -0.0m, 0.000m, new decimal(0, 0, 0, true, 5), decimal.MaxValue, decimal.MinValue, 1.0000000000000000000000000000m,
            0.0000000000000000000000000001m, -0.0000000000000000000000000010m, 79228162514264337593543950.335m, 7.9228162514264337593543950335m,
            new decimal(0, 0, 1, false, 3), new decimal(-1, -1, 0, false, 10), new decimal(0, 1, 0, true, 2),
        ];
        foreach (var value in edges)
        {
            Bits(PlainDecimal.Of(value)).ShouldBe(Bits(ByDivision(value)), $"{value} (scale {value.Scale})");
        }
    }

    [Fact]
    public void Of_RandomMantissasScalesAndSigns_SameBitsAsDividingByOne()
    {
        var random = new Random(19);
        for (var i = 0; i < 200_000; i++)
        {
            var scale = (byte)random.Next(0, 29);
            var value = random.Next(3) switch
            {
                // Points and scores: small numbers, often with zeros at the end.
                0 => new decimal(random.Next(0, 100_000) * (int)Math.Pow(10, random.Next(0, 4)), 0, 0, random.Next(2) == 0, scale),
                1 => new decimal(random.Next(), random.Next(), 0, random.Next(2) == 0, scale),
                _ => new decimal(random.Next(), random.Next(), random.Next(), random.Next(2) == 0, scale),
            };
            Bits(PlainDecimal.Of(value)).ShouldBe(Bits(ByDivision(value)), $"{value} (scale {value.Scale})");
        }
    }

    private static int[] Bits(decimal value) => decimal.GetBits(value);
}
