using System.Data.Common;
using System.Globalization;

namespace RuleScoring.Storage.Database;

/// <summary>
/// One statement run once per row, for the writes that go row by row through hundreds of
/// thousands of rows (signals on import, cards on rescore). SQLite runs a prepared statement per
/// row as it is added (in-process, so a call costs microseconds; Dapper's list form rebuilt every
/// parameter for every row and measured at half the throughput). A server database (PostgreSQL)
/// gets the rows as batches, one round trip per 1,000 rows instead of one per row.
/// Values convert as everywhere else: timestamps to <see cref="SqlTimestamp"/> text, decimals
/// to double, booleans to 0/1, null to NULL.
/// </summary>
internal sealed class BulkCommand : IDisposable
{
    private const int RowsPerBatch = 1000;

    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly string _sql;
    private readonly string[] _names;
    private readonly bool _returnsValue;
    private readonly DbCommand? _command;
    private readonly DbParameter[] _parameters = [];
    private readonly List<long> _results = [];
    private DbBatch? _batch;

    /// <param name="sql">A statement whose parameters are named <c>@name</c>, each listed in <paramref name="names"/>.</param>
    /// <param name="returnsValue">The statement returns one value per row (<c>RETURNING id</c>): <see cref="Complete"/> gives those instead of rows changed.</param>
    public BulkCommand(DbConnection connection, DbTransaction transaction, string sql, bool returnsValue, params string[] names)
    {
        _connection = connection;
        _transaction = transaction;
        _sql = sql;
        _names = names;
        _returnsValue = returnsValue;
        if (connection.CanCreateBatch)
        {
            return;
        }

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
        _command.Prepare();
    }

    /// <summary>Runs the statement for one row (SQLite), or queues it for the next batch (PostgreSQL).</summary>
    public void Add(params object?[] values)
    {
        if (values.Length != _names.Length)
        {
            throw new ArgumentException($"expected {_names.Length} values, got {values.Length}", nameof(values));
        }

        if (_command is not null)
        {
            for (var i = 0; i < values.Length; i++)
            {
                _parameters[i].Value = DbValue.Of(values[i]);
            }

            _results.Add(_returnsValue ? Convert.ToInt64(_command.ExecuteScalar(), CultureInfo.InvariantCulture) : _command.ExecuteNonQuery());
            return;
        }

        if (_batch is null)
        {
            _batch = _connection.CreateBatch();
            _batch.Transaction = _transaction;
        }

        var command = _batch.CreateBatchCommand();
        command.CommandText = _sql;
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = _names[i];
            parameter.Value = DbValue.Of(values[i]);
            command.Parameters.Add(parameter);
        }

        _batch.BatchCommands.Add(command);
        if (_batch.BatchCommands.Count >= RowsPerBatch)
        {
            Send();
        }
    }

    /// <summary>Sends what is queued; returns, per row added in order, the rows it changed (0 when an ON CONFLICT clause skipped it) or the value it returned.</summary>
    public IReadOnlyList<long> Complete()
    {
        Send();
        return _results;
    }

    private void Send()
    {
        if (_batch is null || _batch.BatchCommands.Count == 0)
        {
            return;
        }

        if (_returnsValue)
        {
            using var reader = _batch.ExecuteReader();
            do
            {
                _results.Add(reader.Read() ? reader.GetInt64(0) : throw new InvalidOperationException($"no value returned by: {_sql}"));
            }
            while (reader.NextResult());
        }
        else
        {
            _batch.ExecuteNonQuery();
            _results.AddRange(_batch.BatchCommands.Select(c => (long)c.RecordsAffected));
        }

        _batch.Dispose();
        _batch = null;
    }

    public void Dispose()
    {
        _batch?.Dispose();
        _command?.Dispose();
    }
}
