using System.Globalization;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Tests.Database;

/// <summary>
/// Stored times are read digit by digit (every signal of every lead read for scoring); the reading
/// must agree with the format's exact parser on every stored form and refuse, or hand back, what
/// that parser decides for any other text.
/// </summary>
public sealed class SqlTimestampTests
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    [Fact]
    public void FormatUtf8_WritesWhatTheFormatWrites_OnRandomTimesAndOffsets()
    {
        var random = new Random(20261206);
        var max = DateTime.MaxValue.Ticks;
        Span<byte> utf8 = stackalloc byte[SqlTimestamp.Length];
        for (var i = 0; i < 50_000; i++)
        {
            var ticks = i switch
            {
                0 => 0L,
                1 => max,
                2 => TimeSpan.TicksPerDay,
                _ => random.NextInt64(0, max),
            };
            // Any offset the UTC time stays in range for: the text is always the UTC time.
            var offset = TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1));
            var utc = new DateTimeOffset(ticks, TimeSpan.Zero);
            var value = ticks + offset.Ticks is >= 0 and var local && local <= max ? utc.ToOffset(offset) : utc;

            SqlTimestamp.FormatUtf8(value, utf8);

            System.Text.Encoding.UTF8.GetString(utf8).ShouldBe(value.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Parse_AgreesWithTheExactParser_OnRandomStoredTimes()
    {
        var random = new Random(20261204);
        var max = DateTime.MaxValue.Ticks;
        var disagreements = new List<string>();
        for (var i = 0; i < 20_000; i++)
        {
            var ticks = i switch
            {
                0 => 0L,
                1 => max,
                _ => random.NextInt64(0, max),
            };
            var text = SqlTimestamp.Format(new DateTimeOffset(ticks, TimeSpan.Zero));
            SqlTimestamp.TryParseFixed(text, out var fast).ShouldBeTrue(text);
            if (fast != Exact(text) || fast.Offset != TimeSpan.Zero)
            {
                disagreements.Add(text);
            }
        }

        disagreements.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("2026-02-29T00:00:00.0000000Z")] // not a leap year
    [InlineData("2024-02-30T00:00:00.0000000Z")]
    [InlineData("2026-13-01T00:00:00.0000000Z")]
    [InlineData("2026-00-01T00:00:00.0000000Z")]
    [InlineData("2026-11-20T24:00:00.0000000Z")]
    [InlineData("2026-11-20T12:60:00.0000000Z")]
    [InlineData("2026-11-20T12:00:60.0000000Z")]
    [InlineData("0000-01-01T00:00:00.0000000Z")]
    [InlineData("2026-11-20 12:00:00.0000000Z")]
    [InlineData("2026-11-20T12:00:00.000000Z")]
    [InlineData("2026-11-20T12:00:00.0000000")]
    [InlineData("2026-11-2OT12:00:00.0000000Z")]
    [InlineData("2026-11-20T12:00:00.00000-0Z")]
    [InlineData("2026-11-20T12:00:00Z")]
    [InlineData("")]
    public void Parse_OfAnythingElse_DecidesAsTheExactParserDoes(string text)
    {
        SqlTimestamp.TryParseFixed(text, out _).ShouldBeFalse();
        var exact = Record.Exception(() => Exact(text));
        var ours = Record.Exception(() => SqlTimestamp.Parse(text));
        (ours?.GetType()).ShouldBe(exact?.GetType());
        if (exact is null)
        {
            SqlTimestamp.Parse(text).ShouldBe(Exact(text));
        }
    }

    private static DateTimeOffset Exact(string text) =>
        DateTimeOffset.ParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
