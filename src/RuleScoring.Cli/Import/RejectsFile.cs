using System.Globalization;
using RuleScoring.Core.Output;
using RuleScoring.Storage.Import;

namespace RuleScoring.Cli.Import;

/// <summary>
/// FILE.rejects.csv: line, reason, record (cells written by <see cref="CsvText"/>: a record that starts like a formula reads back with a leading '). Created on the first rejected row only, so a clean
/// import leaves no file; a stale one from an earlier run is removed first so it cannot mislead.
/// </summary>
internal sealed class RejectsFile(string path) : IDisposable
{
    private StreamWriter? _writer;

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
                _writer = new StreamWriter(Path, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
                _writer.WriteLine("line,reason,record");
            }

            Count++;
            _writer.WriteLine($"{row.Line.ToString(CultureInfo.InvariantCulture)},{CsvText.Field(row.Reason)},{CsvText.Field(row.Record)}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImportException($"{Path}: cannot write rejected rows ({ex.Message}); pass --rejects FILE somewhere writable", null, ex);
        }
    }

    public void Dispose() => _writer?.Dispose();
}
