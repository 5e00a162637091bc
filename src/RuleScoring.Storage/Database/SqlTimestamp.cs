using System.Data;
using System.Globalization;
using Dapper;

namespace RuleScoring.Storage.Database;

/// <summary>
/// How the database stores time: ISO 8601 UTC with 7 fractional digits. Fixed width, so text
/// order is time order (indexes and range queries work on the text) and ticks round-trip exactly.
/// </summary>
internal static class SqlTimestamp
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    public static string? Format(DateTimeOffset? value) => value is { } v ? Format(v) : null;

    /// <summary>The length of every stored time: yyyy-MM-ddTHH:mm:ss.fffffffZ.</summary>
    public const int Length = 28;

    /// <summary>
    /// <see cref="Format(DateTimeOffset)"/> as UTF-8 digits written into <paramref name="utf8"/>
    /// (at least <see cref="Length"/> bytes), without a string or the custom format's parse: a
    /// rescore binds four times a row.
    /// </summary>
    public static void FormatUtf8(DateTimeOffset value, Span<byte> utf8)
    {
        var utc = value.UtcDateTime;
        var ticks = utc.Ticks % TimeSpan.TicksPerSecond;
        Digits(utf8, 0, utc.Year, 4);
        utf8[4] = (byte)'-';
        Digits(utf8, 5, utc.Month, 2);
        utf8[7] = (byte)'-';
        Digits(utf8, 8, utc.Day, 2);
        utf8[10] = (byte)'T';
        Digits(utf8, 11, utc.Hour, 2);
        utf8[13] = (byte)':';
        Digits(utf8, 14, utc.Minute, 2);
        utf8[16] = (byte)':';
        Digits(utf8, 17, utc.Second, 2);
        utf8[19] = (byte)'.';
        Digits(utf8, 20, (int)ticks, 7);
        utf8[27] = (byte)'Z';

        static void Digits(Span<byte> into, int at, int number, int width)
        {
            for (var i = at + width - 1; i >= at; i--)
            {
                into[i] = (byte)('0' + (number % 10));
                number /= 10;
            }
        }
    }

    /// <summary>
    /// Reads a stored time. Every signal of every lead read for scoring comes through here, so the
    /// fixed-width form is read digit by digit; anything else (or an impossible date) goes to
    /// <see cref="DateTimeOffset.ParseExact(string, string, IFormatProvider, DateTimeStyles)"/>,
    /// which decides exactly as before, errors included.
    /// </summary>
    public static DateTimeOffset Parse(string text) =>
        TryParseFixed(text, out var value)
            ? value
            : DateTimeOffset.ParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>"yyyy-MM-ddTHH:mm:ss.fffffffZ", 28 characters, every field in range; false for anything else.</summary>
    internal static bool TryParseFixed(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length != 28 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != '.' || text[27] != 'Z')
        {
            return false;
        }

        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second)
            || !Digits(text, 20, 7, out var fraction))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fraction), TimeSpan.Zero);
        return true;
    }

    /// <summary>The same from the stored text's UTF-8 bytes (the lean signal reader), widened in place: false for anything but the fixed form.</summary>
    internal static bool TryParseFixed(ReadOnlySpan<byte> utf8, out DateTimeOffset value)
    {
        value = default;
        if (utf8.Length != 28)
        {
            return false;
        }

        Span<char> text = stackalloc char[28];
        for (var i = 0; i < text.Length; i++)
        {
            // A byte over 127 is part of a multi-byte character: not the fixed form, and it cannot widen into a digit.
            text[i] = (char)utf8[i];
        }

        return TryParseFixed(text, out value);
    }

    private static bool Digits(ReadOnlySpan<char> text, int start, int count, out int number)
    {
        number = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            number = (number * 10) + digit;
        }

        return true;
    }

    /// <summary>Dapper's handler for DateTimeOffset (see <see cref="DapperTypes"/>).</summary>
    public static SqlMapper.TypeHandler<DateTimeOffset> Handler { get; } = new TimestampHandler();

    private sealed class TimestampHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = Format(value);
        }

        public override DateTimeOffset Parse(object value) => value switch
        {
            string text => SqlTimestamp.Parse(text),
            _ => throw new DataException($"expected an ISO 8601 UTC timestamp, found {value.GetType().Name} '{value}'"),
        };
    }
}
