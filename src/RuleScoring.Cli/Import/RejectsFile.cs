using System.Globalization;
using RuleScoring.Core.Csv;
using RuleScoring.Storage.Import;

namespace RuleScoring.Cli.Import;

/// <summary>
/// FILE.rejects.csv. From a CSV file: a reject_reason column (line and reason), then the row's
/// columns whole, so the file can be fixed and imported again; from JSON lines: line, reason,
/// record. Cells go through <see cref="CsvWriter"/>: one that starts like a formula reads back with a leading '. Created on the first rejected row only, so a clean
/// import leaves no file; a stale one from an earlier run is removed first so it cannot mislead.
/// </summary>
internal sealed class RejectsFile(string path) : IDisposable
{
    private CsvWriter? _writer;

    public string Path { get; } = path;

    public int Count { get; private set; }

    public void RemoveStale()
    {
        if (File.Exists(Path))
        {
            File.Delete(Path);
        }
    }

    /// <exception cref="ImportException">The file cannot be written (the import stops: rejected rows must not go unrecorded).</exception>
    public void Write(RejectedRow row)
    {
        try
        {
            if (_writer is null)
            {
                _writer = new CsvWriter(new StreamWriter(Path, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" });
                _writer.WriteRecord(row.Columns is null ? ["line", "reason", "record"] : [RejectedRow.ReasonColumn, .. row.Columns]);
            }

            Count++;
            var line = row.Line.ToString(CultureInfo.InvariantCulture);
            _writer.WriteRecord(row.Values is null ? [line, row.Reason, row.Record] : [$"line {line}: {row.Reason}", .. row.Values]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImportException($"{Path}: cannot write rejected rows ({ex.Message}); pass --rejects FILE somewhere writable", null, ex);
        }
    }

    public void Dispose() => _writer?.Dispose();
}
