namespace RuleScoring.Core.Csv;

/// <summary>
/// Every CSV we write goes through here: RFC 4180 quoting (a field holding a comma, a quote or a
/// line break is quoted, quotes doubled) and formula neutralisation after OWASP's CSV injection
/// guidance: a field that starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage
/// return gets a leading <c>'</c>, so a spreadsheet shows it as text and never runs it. A field that
/// is only a plain decimal number ("-12.5", "+3") is left alone: a spreadsheet reads it as that
/// number, and nothing in it can be a formula. Records end with the text writer's own
/// <see cref="TextWriter.NewLine"/>, so each file keeps the line ends its owner chose.
/// Disposing the CSV writer disposes the text writer it was given.
/// </summary>
public sealed class CsvWriter(TextWriter writer) : IDisposable
{
    private readonly TextWriter _writer = writer ?? throw new ArgumentNullException(nameof(writer));

    /// <summary>One record: its fields as <see cref="Line"/> gives them, then a line break.</summary>
    public void WriteRecord(IEnumerable<string?> values) => _writer.WriteLine(Line(values));

    public void Dispose() => _writer.Dispose();

    /// <summary>The value as one field: neutralised if it could be read as a formula, then quoted if it must be.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var text = IsFormulaLike(value) ? "'" + value : value;
        return text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>One record, fields separated by commas, without the line break.</summary>
    public static string Line(IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return string.Join(',', values.Select(Field));
    }

    /// <summary>Whether a spreadsheet could take the value for a formula (and <see cref="Field"/> prefixes it).</summary>
    public static bool IsFormulaLike(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsPlainNumber(value);

    private static bool IsPlainNumber(string value)
    {
        var i = value[0] is '+' or '-' ? 1 : 0;
        var digits = 0;
        var point = false;
        for (; i < value.Length; i++)
        {
            if (char.IsAsciiDigit(value[i]))
            {
                digits++;
            }
            else if (value[i] == '.' && !point && digits > 0)
            {
                point = true;
                digits = 0;
            }
            else
            {
                return false;
            }
        }

        return digits > 0;
    }
}
