namespace RuleScoring.Storage.Database;

/// <summary>
/// A value as the bulk writers bind it (<see cref="BulkCommand"/>, <see cref="TableRows"/>): the
/// same conversions Dapper's handlers make for single rows, so a row stores the same however it
/// was written (times as <see cref="SqlTimestamp"/> text, decimals as doubles, flags as 0/1).
/// </summary>
internal static class DbValue
{
    public static object Of(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset time => SqlTimestamp.Format(time),
        decimal number => (double)number,
        bool flag => flag ? 1L : 0L,
        int number => (long)number,
        _ => value,
    };
}
