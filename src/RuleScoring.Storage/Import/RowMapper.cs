using RuleScoring.Core.Csv;

namespace RuleScoring.Storage.Import;

/// <summary>
/// Turns source records into contract rows (column name to value): renames and drops columns
/// per the mapping, checks a CSV header once, and maps each value.
/// </summary>
internal sealed class RowMapper
{
    private readonly ImportKind _kind;
    private readonly ImportMapping? _mapping;
    private readonly string _file;
    private readonly HashSet<string> _contract;
    private readonly IReadOnlyList<string> _required;
    private readonly Dictionary<string, string?> _resolved = new(StringComparer.OrdinalIgnoreCase);
    private readonly SortedSet<string> _dropped = new(StringComparer.Ordinal);
    private string?[]? _header;

    public RowMapper(ImportKind kind, ImportMapping? mapping, string file)
    {
        _kind = kind;
        _mapping = mapping;
        _file = file;
        _required = ImportContract.Required(kind, mapping?.ByDomain == true);
        _contract = new HashSet<string>(_required.Concat(ImportContract.Optional(kind)), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Source columns that were dropped: ignored by the mapping, or unknown to a kind without custom columns.</summary>
    public IReadOnlyCollection<string> Dropped => _dropped;

    /// <summary>Reads a CSV header: resolves every column, and fails on a missing required column or two columns with one name.</summary>
    public void SetHeader(SourceRecord header)
    {
        if (header.Error is not null)
        {
            throw new ImportException($"{_file}:{header.Line}: cannot read the header: {header.Error}");
        }

        _header = header.Values.Select(Resolve).ToArray();
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < _header.Length; i++)
        {
            if (_header[i] is not { } target)
            {
                continue;
            }

            if (seen.TryGetValue(target, out var first))
            {
                throw new ImportException($"{_file}:{header.Line}: columns \"{first}\" and \"{header.Values[i].Trim()}\" both become \"{target}\"{MappingNote}; drop one (\"ignore\" in a mapping)");
            }

            seen[target] = header.Values[i].Trim();
        }

        foreach (var required in _required)
        {
            if (!seen.ContainsKey(required) && _mapping?.Defaults.ContainsKey(required) != true)
            {
                throw new ImportException(
                    $"{_file}:{header.Line}: the header has no \"{required}\" column{MappingNote} ({_kind.ToString().ToLowerInvariant()} need {string.Join(", ", _required)}); " +
                    $"its columns are: {string.Join(", ", header.Values.Select(v => v.Trim()))}");
            }
        }
    }

    /// <summary>The record as contract columns, or the reason it cannot be one.</summary>
    public Dictionary<string, string>? Map(SourceRecord record, out RowProblem? problem)
    {
        problem = record.Error is { } error ? new RowProblem(RejectReason.Unreadable, error) : null;
        if (problem is not null)
        {
            return null;
        }

        var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (record.Names is null)
        {
            var header = _header ?? throw new InvalidOperationException("SetHeader first");
            if (record.Values.Count != header.Length)
            {
                problem = new RowProblem(RejectReason.FieldCount, $"expected {header.Length} fields (as in the header), found {record.Values.Count}");
                return null;
            }

            for (var i = 0; i < header.Length; i++)
            {
                if (header[i] is { } column)
                {
                    row[column] = Value(column, record.Values[i]);
                }
            }
        }
        else
        {
            for (var i = 0; i < record.Names.Count; i++)
            {
                if (Resolve(record.Names[i]) is not { } column)
                {
                    continue;
                }

                if (row.ContainsKey(column))
                {
                    problem = new RowProblem(RejectReason.DuplicateField, $"two fields become \"{column}\"{MappingNote}");
                    return null;
                }

                row[column] = Value(column, record.Values[i]);
            }
        }

        if (_mapping is not null)
        {
            foreach (var (column, fallback) in _mapping.Defaults)
            {
                if (!row.TryGetValue(column, out var value) || value.Length == 0)
                {
                    row[column] = fallback;
                }
            }
        }

        return row;
    }

    private string MappingNote => _mapping is null ? "" : $" after mapping {_mapping.Source}";

    private string Value(string column, string value) => _mapping?.MapValue(column, value) ?? value.Trim();

    /// <summary>The contract column a source column becomes, or null when it is dropped.</summary>
    private string? Resolve(string sourceName)
    {
        if (_resolved.TryGetValue(sourceName, out var cached))
        {
            return cached;
        }

        var source = sourceName.Trim();
        string? target;
        if (source.Length == 0 || source.Equals(RejectedRow.ReasonColumn, StringComparison.OrdinalIgnoreCase))
        {
            // An unnamed column (a trailing comma on every line) carries nothing to keep, nor
            // does the reason column of a rejects file being imported again once fixed.
            _resolved[sourceName] = null;
            return null;
        }
        else if (_mapping is not null && _mapping.Ignore.Contains(source))
        {
            target = null;
        }
        else if (_mapping is not null && _mapping.Columns.TryGetValue(source, out var renamed))
        {
            target = renamed;
        }
        else if (_mapping is { KeepUnmapped: false } && !_contract.Contains(source))
        {
            target = null;
        }
        else
        {
            target = source;
        }

        if (target is not null)
        {
            target = _contract.TryGetValue(target, out var canonical) ? canonical
                : ImportContract.KeepsCustomColumns(_kind) ? target
                : null;
        }

        if (target is null && source.Length > 0)
        {
            _dropped.Add(source);
        }

        _resolved[sourceName] = target;
        return target;
    }
}
