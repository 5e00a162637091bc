using RuleScoring.Core.Csv;

namespace RuleScoring.Replay.Adapters;

/// <summary>A public dataset's CSV table read whole (they are small), each row by column name; a bad row stops the conversion naming file and line.</summary>
internal sealed class SourceTable
{
    private SourceTable(string file, IReadOnlyList<string> header, List<(long Line, IReadOnlyList<string> Values)> rows)
    {
        File = file;
        Header = header;
        Rows = rows;
    }

    public string File { get; }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<(long Line, IReadOnlyList<string> Values)> Rows { get; }

    public static SourceTable Read(string path, char delimiter = ',')
    {
        if (!System.IO.File.Exists(path))
        {
            throw new AdapterException($"{path}: not found");
        }

        using var reader = new StreamReader(path);
        var csv = new CsvRecordReader(reader, delimiter);
        var header = csv.Read() ?? throw new AdapterException($"{path}: empty file");
        var rows = new List<(long, IReadOnlyList<string>)>();
        while (csv.Read() is { } record)
        {
            if (record.Error is not null || record.Values.Count != header.Values.Count)
            {
                throw new AdapterException($"{path}:{record.Line}: {record.Error ?? $"{record.Values.Count} fields where the header has {header.Values.Count}"}");
            }

            rows.Add((record.Line, record.Values));
        }

        return new SourceTable(path, header.Values.Select(h => h.Trim()).ToArray(), rows);
    }

    public int Column(string name)
    {
        var index = Header.ToList().IndexOf(name);
        return index >= 0 ? index : throw new AdapterException($"{File}: no column '{name}' (columns: {string.Join(", ", Header)})");
    }
}
