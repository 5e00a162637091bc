using System.Globalization;
using System.Text;

namespace RuleScoring.Storage.Import;

/// <summary>
/// Streams RFC 4180 records: quoted fields with "" for a quote, delimiters and line breaks
/// inside quotes, CRLF or LF line ends, a leading BOM. Each record knows the physical line it
/// starts on. A record that cannot be parsed comes back with an error and reading goes on at
/// the next line; memory stays bounded by <see cref="MaxRecordChars"/> whatever the input.
/// </summary>
public sealed class CsvRecordReader
{
    public const int MaxRecordChars = 1 << 20;

    private readonly TextReader _reader;
    private readonly char _delimiter;
    private readonly char[] _buffer = new char[1 << 16];
    private readonly StringBuilder _field = new();
    private readonly StringBuilder _raw = new();
    private readonly List<string> _fields = [];
    private int _pos;
    private int _len;
    private long _line = 1;
    private bool _started;

    public CsvRecordReader(TextReader reader, char delimiter)
    {
        if (delimiter is '"' or '\r' or '\n')
        {
            throw new ArgumentException($"'{delimiter}' cannot be a CSV delimiter", nameof(delimiter));
        }

        _reader = reader;
        _delimiter = delimiter;
    }

    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        AfterQuote,
    }

    /// <summary>The next record, or null at the end of the input. Empty lines are skipped.</summary>
    public SourceRecord? Read()
    {
        int c;
        while ((c = Peek()) is '\r' or '\n')
        {
            Take();
            EndLine(c);
        }

        if (c < 0)
        {
            return null;
        }

        var startLine = _line;
        long quoteLine = 0;
        string? error = null;
        _fields.Clear();
        _field.Clear();
        _raw.Clear();
        var state = State.FieldStart;
        while (true)
        {
            c = Take();
            if (c < 0)
            {
                if (state == State.Quoted)
                {
                    error = $"a quoted field opened on line {quoteLine} is never closed";
                }

                break;
            }

            if (_raw.Length >= MaxRecordChars)
            {
                error = $"record is longer than {MaxRecordChars.ToString("N0", CultureInfo.InvariantCulture)} characters"
                    + (state == State.Quoted ? $" (a quote opened on line {quoteLine} is never closed?)" : "");
                if (c is '\r' or '\n')
                {
                    EndLine(c);
                }
                else
                {
                    SkipRestOfLine();
                }

                break;
            }

            var ch = (char)c;
            if (state == State.Quoted)
            {
                _raw.Append(ch);
                if (ch == '"')
                {
                    if (Peek() == '"')
                    {
                        _raw.Append((char)Take());
                        _field.Append('"');
                    }
                    else
                    {
                        state = State.AfterQuote;
                    }
                }
                else
                {
                    _field.Append(ch);
                    if (ch == '\n' || (ch == '\r' && Peek() != '\n'))
                    {
                        _line++;
                    }
                }

                continue;
            }

            if (ch is '\r' or '\n')
            {
                EndLine(c);
                break;
            }

            if (ch == _delimiter)
            {
                _raw.Append(ch);
                EndField();
                state = State.FieldStart;
                continue;
            }

            _raw.Append(ch);
            switch (state)
            {
                case State.FieldStart when ch == '"':
                    state = State.Quoted;
                    quoteLine = _line;
                    break;
                case State.FieldStart:
                case State.Unquoted:
                    // A stray quote inside an unquoted field is kept as text, as most CRMs write it.
                    _field.Append(ch);
                    state = State.Unquoted;
                    break;
                case State.AfterQuote:
                    error = $"unexpected '{ch}' after the closing quote of field {_fields.Count + 1} (a quote inside a quoted field must be doubled: \"\")";
                    SkipRestOfLine();
                    break;
            }

            if (error is not null)
            {
                break;
            }
        }

        var raw = _raw.ToString();
        if (error is not null)
        {
            return SourceRecord.Bad(startLine, raw, error);
        }

        EndField();
        return new SourceRecord(startLine, raw, _fields.ToArray(), null, null);
    }

    private void EndField()
    {
        _fields.Add(_field.ToString());
        _field.Clear();
    }

    /// <summary>Counts a line break whose first char was just taken (CRLF is one break).</summary>
    private void EndLine(int c)
    {
        if (c == '\r' && Peek() == '\n')
        {
            Take();
        }

        _line++;
    }

    private void SkipRestOfLine()
    {
        int c;
        do
        {
            c = Take();
        }
        while (c >= 0 && c is not ('\r' or '\n'));

        if (c >= 0)
        {
            EndLine(c);
        }
    }

    private int Peek()
    {
        if (_pos == _len && !Fill())
        {
            return -1;
        }

        return _buffer[_pos];
    }

    private int Take()
    {
        if (_pos == _len && !Fill())
        {
            return -1;
        }

        return _buffer[_pos++];
    }

    private bool Fill()
    {
        _len = _reader.Read(_buffer, 0, _buffer.Length);
        _pos = 0;
        if (!_started && _len > 0)
        {
            _started = true;
            if (_buffer[0] == '\uFEFF')
            {
                _pos = 1;
                return _len > 1 || Fill();
            }
        }

        return _len > 0;
    }
}
