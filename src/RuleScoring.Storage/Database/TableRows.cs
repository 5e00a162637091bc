using System.Data.Common;
using System.Globalization;

namespace RuleScoring.Storage.Database;

/// <summary>
/// A batch of rows written to one table with a few statements instead of one per row. On SQLite
/// the rows go as multi-row <c>VALUES (...), (...)</c>, one prepared statement per chunk. On
/// PostgreSQL they go through <see cref="BulkCommand"/> (one round trip per 1,000 rows, where
/// Dapper's list form made one per row). Values convert as there: timestamps to
/// <see cref="SqlTimestamp"/> text, decimals to double, booleans to 0/1.
/// </summary>
internal sealed class TableRows
{
    // Far below SQLite's limit of 32,766: binding looks each name up in a list as long as the
    // statement's parameters, so a chunk costs the square of its parameters (2,000 per statement
    // measured slower than one statement per row). The rows as one JSON parameter read by
    // json_each measured 3x slower for the history: each ~2.5 KB card is escaped and parsed again.
    private const int ParametersPerStatement = 200;

    private readonly SqlDialect _dialect;
    private readonly string _rowSql;
    private readonly Func<string, string> _chunkSql;
    private readonly bool _returnsValue;
    private readonly string[] _names;
    private readonly List<object?[]> _rows = [];

    private TableRows(SqlDialect dialect, string rowSql, Func<string, string> chunkSql, bool returnsValue, string[] names)
    {
        _dialect = dialect;
        _rowSql = rowSql;
        _chunkSql = chunkSql;
        _returnsValue = returnsValue;
        _names = names;
    }

    /// <summary>
    /// <c>INSERT INTO table (columns) VALUES ... tail</c>, the rows in the order added. With
    /// <paramref name="returningId"/>, <see cref="Complete"/> gives each row's new id.
    /// </summary>
    public static TableRows Insert(SqlDialect dialect, string table, string[] columns, string tail = "", bool returningId = false)
    {
        var head = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES";
        var returning = returningId ? " RETURNING id" : "";
        return new TableRows(dialect, $"{head} ({string.Join(", ", columns.Select(c => "@" + c))}) {tail}{returning}",
            values => $"{head} {values} {tail}{returning}", returningId, columns);
    }

    /// <summary><c>UPDATE table SET columns WHERE key = the row's key</c>; rows are added as the columns' values, then the key.</summary>
    public static TableRows Update(SqlDialect dialect, string table, string key, string[] columns)
    {
        var rowSql = $"UPDATE {table} SET {string.Join(", ", columns.Select(c => $"{c} = @{c}"))} WHERE {key} = @{key}";
        return new TableRows(dialect, rowSql, values => $"""
            WITH r ({string.Join(", ", columns)}, {key}) AS (VALUES {values})
            UPDATE {table} SET {string.Join(", ", columns.Select(c => $"{c} = r.{c}"))} FROM r WHERE {table}.{key} = r.{key}
            """, returnsValue: false, [.. columns, key]);
    }

    /// <summary>One row's values, in the order of the columns.</summary>
    public void Add(params object?[] values)
    {
        if (values.Length != _names.Length)
        {
            throw new ArgumentException($"expected {_names.Length} values, got {values.Length}", nameof(values));
        }

        _rows.Add(values);
    }

    /// <summary>Writes the rows; with RETURNING id, returns each row's id in the order the rows were added.</summary>
    public IReadOnlyList<long> Complete(DbConnection connection, DbTransaction transaction)
    {
        if (_rows.Count == 0)
        {
            return [];
        }

        if (_dialect.Kind != StoreKind.Sqlite)
        {
            using var bulk = new BulkCommand(connection, transaction, _rowSql, _returnsValue, _names);
            foreach (var row in _rows)
            {
                bulk.Add(row);
            }

            return bulk.Complete();
        }

        var ids = new List<long>(_returnsValue ? _rows.Count : 0);
        var rowsPerChunk = Math.Max(1, ParametersPerStatement / _names.Length);
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < _rows.Count; start += rowsPerChunk)
            {
                var count = Math.Min(rowsPerChunk, _rows.Count - start);
                using var partial = count == rowsPerChunk ? null : Prepare(connection, transaction, count);
                var command = partial ?? (full ??= Prepare(connection, transaction, count));
                for (var i = 0; i < count * _names.Length; i++)
                {
                    command.Parameters[i].Value = DbValue.Of(_rows[start + (i / _names.Length)][i % _names.Length]);
                }

                if (!_returnsValue)
                {
                    command.ExecuteNonQuery();
                    continue;
                }

                var first = ids.Count;
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        ids.Add(reader.GetInt64(0));
                    }
                }

                // SQLite hands out ids in the order of the VALUES rows but does not promise
                // RETURNING's order: sorted, they line up with the rows again.
                ids.Sort(first, ids.Count - first, Comparer<long>.Default);
            }
        }
        finally
        {
            full?.Dispose();
        }

        return !_returnsValue ? [] : ids.Count == _rows.Count ? ids
            : throw new InvalidOperationException($"{ids.Count} ids returned for {_rows.Count} rows by: {_chunkSql("(...)")}");
    }

    private DbCommand Prepare(DbConnection connection, DbTransaction transaction, int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var values = new List<string>(rows);
        for (var row = 0; row < rows; row++)
        {
            var names = new string[_names.Length];
            for (var column = 0; column < _names.Length; column++)
            {
                // Row first: names of different rows differ early, which the lookup compares first.
                names[column] = string.Create(CultureInfo.InvariantCulture, $"@r{row}_{column}");
                var parameter = command.CreateParameter();
                parameter.ParameterName = names[column];
                command.Parameters.Add(parameter);
            }

            values.Add($"({string.Join(", ", names)})");
        }

        command.CommandText = _chunkSql(string.Join(", ", values));
        command.Prepare();
        return command;
    }
}
