using RuleScoring.Core.Csv;

namespace RuleScoring.Storage.Import;

/// <summary>
/// What one import found wrong or odd, as it goes: the rejected rows of the current batch (handed
/// on in line order once the batch is done), how many were rejected per reason, and the oddities.
/// For a CSV file each rejected row keeps the header's columns and its own values, so a rejects
/// file can hold it to fix and import again.
/// </summary>
internal sealed class ImportFindings(Action<RejectedRow>? onReject)
{
    private const int MaxRejectedRecordChars = 4096;
    private readonly List<RejectedRow> _batch = [];
    private readonly Dictionary<RejectReason, long> _byReason = [];
    private IReadOnlyList<string>? _columns;
    private int _reasonIndex = -1;

    public long Rejected { get; private set; }

    public ImportOddities Oddities { get; } = new();

    public IReadOnlyDictionary<RejectReason, long> ByReason => _byReason;

    /// <summary>The CSV header: rejected rows carry its columns (without the reject_reason column of a rejects file imported again).</summary>
    public void SetHeader(SourceRecord header)
    {
        _reasonIndex = header.Values.ToList().FindIndex(v => v.Trim().Equals(RejectedRow.ReasonColumn, StringComparison.OrdinalIgnoreCase));
        _columns = Without(header.Values);
    }

    public void Reject(SourceRecord record, RowProblem problem)
    {
        Rejected++;
        _byReason[problem.Code] = _byReason.GetValueOrDefault(problem.Code) + 1;
        var raw = record.Raw;
        IReadOnlyList<string>? values = null;
        if (_columns is not null)
        {
            // A record that is not CSV keeps its text in one cell, and never as many cells as
            // the header, so the rejects file imported unfixed rejects it again.
            values = record.Error is null ? Without(record.Values) : _columns.Count == 1 ? [raw, ""] : [raw];
        }

        _batch.Add(new RejectedRow(record.Line, problem.Code, problem.Message, raw.Length > MaxRejectedRecordChars ? raw[..MaxRejectedRecordChars] + "…" : raw, _columns, values));
    }

    /// <summary>A row that cannot be true for what is stored: rejected, and tallied as an oddity with its line.</summary>
    public void Reject(SourceRecord record, ImportOddityKind oddity, RowProblem problem)
    {
        Oddities.Rejected(oddity, record.Line);
        Reject(record, problem);
    }

    public void Warning(ImportOddityKind oddity, long line) => Oddities.Warning(oddity, line);

    /// <summary>Hands the rejected rows of the batch on, in line order.</summary>
    public void EndBatch()
    {
        _batch.Sort((a, b) => a.Line.CompareTo(b.Line));
        foreach (var reject in _batch)
        {
            onReject?.Invoke(reject);
        }

        _batch.Clear();
    }

    /// <summary>The fields without the reject_reason column of a rejects file being imported again.</summary>
    private IReadOnlyList<string> Without(IReadOnlyList<string> values) =>
        _reasonIndex < 0 || values.Count != (_columns?.Count ?? values.Count - 1) + 1 ? values : [.. values.Take(_reasonIndex), .. values.Skip(_reasonIndex + 1)];
}
