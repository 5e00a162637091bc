using System.Globalization;
using System.Text;
using System.Text.Json;
using RuleScoring.Core.Csv;

namespace RuleScoring.Storage.Import;

/// <summary>
/// Streams JSON lines: one flat object per line with the CSV contract's field names. Arrays of
/// values join with ';' (tech_stack), and a nested <c>attributes</c> object is read as more
/// fields, so a lead in the <c>score</c> command's shape imports as it is.
/// </summary>
internal sealed class JsonlRecordReader(TextReader reader)
{
    private readonly StringBuilder _line = new();
    private long _lineNumber;

    public SourceRecord? Read()
    {
        while (true)
        {
            var tooLong = false;
            _line.Clear();
            int c;
            while ((c = reader.Read()) >= 0 && c != '\n')
            {
                if (_line.Length < CsvRecordReader.MaxRecordChars)
                {
                    _line.Append((char)c);
                }
                else
                {
                    tooLong = true;
                }
            }

            if (c < 0 && _line.Length == 0)
            {
                return null;
            }

            _lineNumber++;
            if (_lineNumber == 1 && _line.Length > 0 && _line[0] == '\uFEFF')
            {
                _line.Remove(0, 1);
            }

            var text = _line.ToString().TrimEnd('\r');
            if (tooLong)
            {
                return SourceRecord.Bad(_lineNumber, text, $"line is longer than {CsvRecordReader.MaxRecordChars.ToString("N0", CultureInfo.InvariantCulture)} characters");
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            return Parse(_lineNumber, text);
        }
    }

    private static SourceRecord Parse(long line, string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return SourceRecord.Bad(line, text, $"expected one JSON object per line, found {doc.RootElement.ValueKind}");
            }

            var names = new List<string>();
            var values = new List<string>();
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Object && property.Name == "attributes")
                {
                    foreach (var attribute in property.Value.EnumerateObject())
                    {
                        Add(attribute, names, values);
                    }
                }
                else
                {
                    Add(property, names, values);
                }
            }

            return new SourceRecord(line, text, values, names, null);
        }
        catch (JsonException ex)
        {
            var message = ex.Message;
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            return SourceRecord.Bad(line, text, "invalid JSON: " + (cut > 0 ? message[..cut] : message));
        }
        catch (FormatException ex)
        {
            return SourceRecord.Bad(line, text, ex.Message);
        }
    }

    private static void Add(JsonProperty property, List<string> names, List<string> values)
    {
        var value = property.Value.ValueKind == JsonValueKind.Array
            ? string.Join(';', property.Value.EnumerateArray().Select(e => Scalar(e, property.Name)))
            : Scalar(property.Value, property.Name);
        names.Add(property.Name);
        values.Add(value);
    }

    private static string Scalar(JsonElement element, string name) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "",
        _ when name == "signals" => throw new FormatException("a lead's signals are imported from their own file: rulescore import signals FILE (one signal per line)"),
        _ => throw new FormatException($"field '{name}' is {element.ValueKind}; use text, numbers or a list of them"),
    };
}
