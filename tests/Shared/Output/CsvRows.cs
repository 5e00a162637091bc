using Microsoft.VisualBasic.FileIO;

namespace RuleScoring.Tests.Output;

/// <summary>
/// Reads CSV as a spreadsheet or another tool would (the framework's RFC 4180 parser, not ours),
/// so a test can check what each written cell holds.
/// </summary>
public static class CsvRows
{
    public static List<string[]> Parse(string csv)
    {
        using var parser = new TextFieldParser(new StringReader(csv)) { HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        parser.SetDelimiters(",");
        var rows = new List<string[]>();
        while (!parser.EndOfData)
        {
            rows.Add(parser.ReadFields() ?? []);
        }

        return rows;
    }

    public static List<string[]> Read(string path) => Parse(File.ReadAllText(path));

    /// <summary>The cells of one column, by its header, row by row.</summary>
    public static List<string> Column(List<string[]> rows, string header)
    {
        var index = Array.IndexOf(rows[0], header);
        index.ShouldBeGreaterThanOrEqualTo(0, $"no column {header} in {string.Join(",", rows[0])}");
        return [.. rows.Skip(1).Select(r => r[index])];
    }
}
