using Microsoft.Data.Sqlite;

namespace RuleScoring.Storage.Database;

/// <summary>
/// One prepared statement run once per row, for the few writes that go row by row through
/// hundreds of thousands of rows (signals on import, cards on rescore). Dapper's list form
/// rebuilds every parameter for every row, which measured at half the throughput there.
/// Values convert as everywhere else: timestamps to <see cref="SqlTimestamp"/> text, decimals
/// to REAL, booleans to 0/1, null to NULL.
/// </summary>
internal sealed class BulkCommand : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;

    /// <param name="sql">A statement whose parameters are named <c>$name</c>, each listed in <paramref name="names"/>.</param>
    public BulkCommand(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = sql;
        _parameters = names.Select(n => _command.Parameters.Add(new SqliteParameter("$" + n, null))).ToArray();
        _command.Prepare();
    }

    /// <returns>Rows changed (0 when an ON CONFLICT clause skipped the row).</returns>
    public int Execute(params object?[] values)
    {
        if (values.Length != _parameters.Length)
        {
            throw new ArgumentException($"expected {_parameters.Length} values, got {values.Length}", nameof(values));
        }

        for (var i = 0; i < values.Length; i++)
        {
            _parameters[i].Value = values[i] switch
            {
                null => DBNull.Value,
                DateTimeOffset time => SqlTimestamp.Format(time),
                decimal number => (double)number,
                bool flag => flag ? 1 : 0,
                var value => value,
            };
        }

        return _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();
}
