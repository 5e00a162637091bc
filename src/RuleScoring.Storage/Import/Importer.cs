using System.Text;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Import;

/// <summary>
/// Streams a leads, signals, deals or dispositions file (CSV or JSON lines) into the database in
/// batches, one transaction each. A bad row is reported with its line and reason and the import
/// goes on; a row is written whole or not at all; importing the same file again changes nothing.
/// The general pipeline is <see cref="ImportPipeline{TRow}"/>; what differs per kind (and the
/// fan-out of account-level signals by domain) is a <see cref="RowKind{TRow}"/>.
/// </summary>
public sealed class Importer(ScoreDatabase db)
{
    private const int MaxRejectedRecordChars = 4096;
    private const int ProgressEvery = 1024;

    /// <param name="onReject">Called for each rejected row, in line order within each batch.</param>
    /// <param name="onProgress">Called every thousand or so rows; throttle output yourself.</param>
    /// <exception cref="ImportException">The file cannot be imported (missing, no header, a required column absent), or the database failed.</exception>
    public ImportResult Import(string path, ImportOptions options, Action<RejectedRow>? onReject = null, Action<ImportCounts>? onProgress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(path))
        {
            throw new ImportException($"{path}: no such file");
        }

        var format = options.Format != ImportFormat.Auto ? options.Format
            : Path.GetExtension(path).ToLowerInvariant() is ".jsonl" or ".ndjson" or ".json" ? ImportFormat.Jsonl
            : ImportFormat.Csv;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            // UTF-16 (a byte order mark says so) reads as before; anything else is UTF-8 whose
            // invalid bytes are marked, to reject their record rather than replace them in silence.
            Span<byte> bom = stackalloc byte[2];
            var utf16 = stream.ReadAtLeast(bom, 2, throwOnEndOfStream: false) == 2 && bom[0] + bom[1] == 0xFF + 0xFE && bom[0] != bom[1];
            stream.Position = 0;
            using var reader = utf16
                ? new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16)
                : new StreamReader(stream, InvalidUtf8.Encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
            return Import(reader, path, options with { Format = format }, onReject, onProgress);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImportException($"{path}: cannot read: {ex.Message}", null, ex);
        }
    }

    /// <param name="source">The file name (or "standard input") used in messages and the imports log.</param>
    public ImportResult Import(TextReader reader, string source, ImportOptions options, Action<RejectedRow>? onReject = null, Action<ImportCounts>? onProgress = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        if (options.Mapping?.Kind is { } mappedKind && mappedKind != options.Kind)
        {
            throw new ImportException($"{options.Mapping.Source} is a mapping for {Name(mappedKind)}, not {Name(options.Kind)}");
        }

        if (options.Mapping is { ByDomain: true })
        {
            return Run(reader, source, options, new DomainFanOut(options.SignalTypes), onReject, onProgress);
        }

        return options.Kind switch
        {
            ImportKind.Leads => Run(reader, source, options, new LeadRows(), onReject, onProgress),
            ImportKind.Signals => Run(reader, source, options, new SignalRows(options.SignalTypes), onReject, onProgress),
            ImportKind.Deals => Run(reader, source, options, new DealRows(), onReject, onProgress),
            ImportKind.Dispositions => Run(reader, source, options, new DispositionRows(), onReject, onProgress),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "not a kind of import"),
        };
    }

    private ImportResult Run<TRow>(TextReader reader, string source, ImportOptions options, RowKind<TRow> kind, Action<RejectedRow>? onReject, Action<ImportCounts>? onProgress) =>
        new ImportPipeline<TRow>(db, reader, source, options, kind, onReject, onProgress).Execute();

    private static string Name(ImportKind kind) => kind.ToString().ToLowerInvariant();
}
