using System.Data.Common;
using Dapper;
using RuleScoring.Core.Csv;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Import;

/// <summary>
/// One import, whatever the kind: read records (CSV or JSON lines), map their columns, parse each
/// into a <typeparamref name="TRow"/> (rejecting a bad one with its line and reason), and store
/// them in batches, one transaction each, through the <see cref="RowKind{TRow}"/>. Lives as long
/// as the call.
/// </summary>
internal sealed class ImportPipeline<TRow>(ScoreDatabase db, TextReader reader, string source, ImportOptions options, RowKind<TRow> kind,
    Action<RejectedRow>? onReject, Action<ImportCounts>? onProgress)
{
    private const int ProgressEvery = 1024;
    private readonly List<ImportRow<TRow>> _pending = new(options.BatchSize);
    private readonly ImportFindings _findings = new(onReject);
    private readonly long _started = db.Time.GetTimestamp();
    private readonly DateTimeOffset _now = db.Time.GetUtcNow();
    private long _read;
    private long _inserted;
    private long _updated;
    private long _duplicate;
    private long _importId;

    public ImportResult Execute()
    {
        var mapper = new RowMapper(options.Kind, options.Mapping, source);
        Func<SourceRecord?> next;
        if (options.Format == ImportFormat.Jsonl)
        {
            next = new JsonlRecordReader(reader).Read;
        }
        else
        {
            var csv = new CsvRecordReader(reader, options.Delimiter);
            var header = csv.Read() ?? throw new ImportException(
                $"{source}: the file is empty; a CSV needs a header row naming its columns ({string.Join(", ", ImportContract.Required(options.Kind))}, ...)");
            mapper.SetHeader(header);
            _findings.SetHeader(header);
            next = csv.Read;
        }

        try
        {
            _importId = db.Connection.ExecuteScalar<long>(
                "INSERT INTO imports (kind, source, started_at) VALUES (@Kind, @Source, @Now) RETURNING id",
                new { Kind = options.Kind.ToString().ToLowerInvariant(), Source = source, Now = _now });
        }
        catch (DbException ex)
        {
            // The first write of an import: a read-only or full database stops it here, before any row.
            throw new ImportException(StoreFailure.Describe(db.Path, ex, $"nothing from {source} was stored"), Counts(), ex);
        }

        while (next() is { } record)
        {
            _read++;
            if (Map(mapper, record) is { } row)
            {
                try
                {
                    _pending.Add(new ImportRow<TRow>(record, kind.Parse(row, _now)));
                }
                catch (RowRejectedException ex)
                {
                    _findings.Reject(record, ex.Problem);
                }
            }

            if (_pending.Count >= options.BatchSize)
            {
                Flush();
            }

            if (_read % ProgressEvery == 0)
            {
                onProgress?.Invoke(Counts());
            }
        }

        Flush();
        try
        {
            db.Connection.Execute("UPDATE imports SET finished_at = @Now WHERE id = @Id", new { Now = db.Time.GetUtcNow(), Id = _importId });
        }
        catch (DbException ex)
        {
            throw new ImportException(StoreFailure.Describe(db.Path, ex, $"every row of {source} is stored, only the imports log lacks its finish time"), Counts(), ex);
        }

        var counts = Counts();
        onProgress?.Invoke(counts);
        return new ImportResult(source, options.Kind, counts, [.. mapper.Dropped], _findings.Oddities.ToList(), _findings.ByReason.ToDictionary(), kind.FanOut);
    }

    /// <summary>Bytes that are not UTF-8, or a NUL: text no CRM means, so the record is rejected rather than stored altered.</summary>
    private static RowProblem? Unreadable(SourceRecord record)
    {
        if (record.Raw.Contains(InvalidUtf8.Mark, StringComparison.Ordinal))
        {
            return new RowProblem(RejectReason.NotUtf8, "bytes that are not UTF-8 (save the file as UTF-8; a Latin-1 or cut multi-byte character?)");
        }

        return record.Raw.Contains('\0', StringComparison.Ordinal) || record.Values.Any(v => v.Contains('\0', StringComparison.Ordinal))
            ? new RowProblem(RejectReason.NulByte, "a NUL byte (\\0) in the record: not text")
            : null;
    }

    /// <summary>The record as contract columns, or null when it is rejected.</summary>
    private Dictionary<string, string>? Map(RowMapper mapper, SourceRecord record)
    {
        var problem = Unreadable(record);
        var row = problem is null ? mapper.Map(record, out problem) : null;
        if (problem is { } rejected)
        {
            _findings.Reject(record, rejected);
        }

        return row;
    }

    private ImportCounts Counts() => new(_read, _inserted, _updated, _duplicate, _findings.Rejected, db.Time.GetElapsedTime(_started));

    private void Flush()
    {
        try
        {
            if (_pending.Count > 0)
            {
                Write();
            }
        }
        catch (DbException ex)
        {
            var batch = _pending.Count == 0 ? "" : $" lines {_pending[0].Line}-{_pending[^1].Line} of";
            throw new ImportException(
                StoreFailure.Describe(db.Path, ex, $"the batch of{batch} {source} was rolled back; earlier batches are stored, and importing the file again is safe and carries on where this stopped"),
                Counts(), ex);
        }
        finally
        {
            _pending.Clear();
            _findings.EndBatch();
        }
    }

    private void Write()
    {
        var connection = db.Connection;
        using var transaction = connection.BeginTransaction();
        var counts = kind.Store(db, transaction, _pending, _findings);
        connection.Execute("""
            UPDATE imports SET read_rows = @Read, inserted = inserted + @Inserted, updated = updated + @Updated,
                               duplicate = duplicate + @Duplicate, rejected = @Rejected
            WHERE id = @Id
            """, new { Read = _read, counts.Inserted, counts.Updated, counts.Duplicate, Rejected = _findings.Rejected, Id = _importId }, transaction);
        transaction.Commit();
        _inserted += counts.Inserted;
        _updated += counts.Updated;
        _duplicate += counts.Duplicate;
    }
}
