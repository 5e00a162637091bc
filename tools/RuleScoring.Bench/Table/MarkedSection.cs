namespace RuleScoring.Bench.Table;

/// <summary>
/// The generated part of a hand-written markdown file: everything between a begin and an end
/// marker comment is replaced, every byte outside them is kept as it was.
/// </summary>
internal static class MarkedSection
{
    public const string Begin = "<!-- bench-table:begin -->";
    public const string End = "<!-- bench-table:end -->";

    /// <summary>Writes <paramref name="section"/> between the markers of <paramref name="path"/>; the file is untouched on error.</summary>
    public static void WriteInto(string path, string section)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path}: no such file to write the benchmark table into");
        }

        var text = File.ReadAllText(path);
        var replaced = Replace(text, section, path);
        // Write beside it and move over it: an interrupted write leaves the old file whole.
        var temporary = path + ".bench-table.tmp";
        File.WriteAllText(temporary, replaced);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// The text with what lies between the markers (the markers' own lines stay) replaced by
    /// <paramref name="section"/>; <paramref name="file"/> names the text in errors.
    /// </summary>
    public static string Replace(string text, string section, string file)
    {
        var begin = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < 0)
        {
            var missing = begin < 0 && end < 0 ? $"{Begin} and {End}" : begin < 0 ? Begin : End;
            throw new InvalidOperationException($"{file}: no {missing} marker; add both markers, each on its own line, where the generated table goes");
        }

        if (text.IndexOf(Begin, begin + Begin.Length, StringComparison.Ordinal) >= 0 || text.IndexOf(End, end + End.Length, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"{file}: {Begin} or {End} appears more than once; keep one pair");
        }

        if (end < begin)
        {
            throw new InvalidOperationException($"{file}: {End} comes before {Begin}");
        }

        // The file's own line ending, so a CRLF file stays CRLF.
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var body = section.ReplaceLineEndings(newline).TrimEnd('\r', '\n');
        var head = text[..(begin + Begin.Length)];
        var tail = text[end..];
        return head + newline + body + newline + tail;
    }
}
