using System.Data.Common;

namespace RuleScoring.Storage.Database;

/// <summary>
/// One prepared statement run once per row, for the few writes that go row by row through
/// hundreds of thousands of rows (signals on import, cards on rescore). Dapper's list form
/// rebuilds every parameter for every row, which measured at half the throughput there.
/// Values convert as everywhere else: timestamps to <see cref="SqlTimestamp"/> text, decimals
/// to double, booleans to 0/1, null to NULL.
/// </summary>
internal sealed class BulkCommand : IDisposable
{
    private readonly DbCommand _command;
    private readonly DbParameter[] _parameters;

    /// <param name="sql">A statement whose parameters are named <c>@name</c>, each listed in <paramref name="names"/>.</param>
    public BulkCommand(DbConnection connection, DbTransaction transaction, string sql, params string[] names)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = sql;
        _parameters = names.Select(n =>
        {
            var parameter = _command.CreateParameter();
            parameter.ParameterName = n;
            _command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();

        // SQLite compiles the statement once here. Npgsql would fix each parameter's type from the
        // first row (a NULL there has none), so PostgreSQL gets the statement with every row.
        if (connection is Microsoft.Data.Sqlite.SqliteConnection)
        {
            _command.Prepare();
        }
    }

    /// <returns>Rows changed (0 when an ON CONFLICT clause skipped the row).</returns>
    public int Execute(params object?[] values)
    {
        Bind(values);
        return _command.ExecuteNonQuery();
    }

    /// <summary>Runs a statement that returns one value per row (<c>RETURNING id</c>).</summary>
    public long ExecuteReturning(params object?[] values)
    {
        Bind(values);
        return Convert.ToInt64(_command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void Bind(object?[] values)
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
                bool flag => flag ? 1L : 0L,
                int number => (long)number,
                var value => value,
            };
        }
    }

    public void Dispose() => _command.Dispose();
}
