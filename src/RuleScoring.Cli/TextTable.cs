namespace RuleScoring.Cli;

/// <summary>Console tables: the first column left-aligned (labels), numbers right-aligned, two spaces between columns.</summary>
internal static class TextTable
{
    /// <param name="freeTextLast">The last column is free text (reasons), so it is left-aligned too.</param>
    public static void Write(TextWriter output, string[] header, IEnumerable<string[]> rows, bool freeTextLast = false)
    {
        var all = rows.Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
        {
            var cells = row.Select((cell, i) => i == 0 || (freeTextLast && i == row.Length - 1) ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]));
            output.WriteLine(("  " + string.Join("  ", cells)).TrimEnd());
        }
    }
}
