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

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.ParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

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
