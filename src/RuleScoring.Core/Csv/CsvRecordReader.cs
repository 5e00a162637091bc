using System.Globalization;
using System.Text;

namespace RuleScoring.Core.Csv;

/// <summary>
/// Streams RFC 4180 records: quoted fields with "" for a quote, delimiters and line breaks
/// inside quotes, CRLF or LF line ends, a leading BOM. Each record knows the physical line it
/// starts on. A record that cannot be parsed comes back with an error and reading goes on after
/// its true end (past any quoted field it opened); memory stays bounded by <see cref="MaxRecordChars"/> whatever the input.
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
                    error = error is null
                        ? $"a quoted field opened on line {quoteLine} is never closed"
                        : $"{error}; a quoted field opened on line {quoteLine} is never closed, so the rest of the file is inside it";
                }

                break;
            }

            var ch = (char)c;
            if (error is null && _raw.Length >= MaxRecordChars)
            {
                error = $"record is longer than {MaxRecordChars.ToString("N0", CultureInfo.InvariantCulture)} characters";
            }

            // Once the record is bad, reading goes on to its true end (the closing quote and the
            // record separator), so nothing inside a quoted field ever becomes a row of its own.
            // The raw text stays capped, for the rejects file.
            var keep = error is null;
            if (_raw.Length < MaxRecordChars && (state == State.Quoted || ch is not ('\r' or '\n')))
            {
                _raw.Append(ch);
            }

            if (state == State.Quoted)
            {
                if (ch == '"')
                {
                    if (Peek() == '"')
                    {
                        Take();
                        if (_raw.Length < MaxRecordChars)
                        {
                            _raw.Append('"');
                        }

                        if (keep)
                        {
                            _field.Append('"');
                        }
                    }
                    else
                    {
                        state = State.AfterQuote;
                    }
                }
                else
                {
                    if (keep)
                    {
                        _field.Append(ch);
                    }

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
                if (keep)
                {
                    EndField();
                }

                state = State.FieldStart;
                continue;
            }

            switch (state)
            {
                case State.FieldStart when ch == '"':
                    state = State.Quoted;
                    quoteLine = _line;
                    break;
                case State.FieldStart:
                case State.Unquoted:
                    // A stray quote inside an unquoted field is kept as text, as most CRMs write it.
                    if (keep)
                    {
                        _field.Append(ch);
                    }

                    state = State.Unquoted;
                    break;
                case State.AfterQuote:
                    // Read on as unquoted text: a quote later in this field is not a new field's.
                    error ??= $"unexpected '{ch}' after the closing quote of field {_fields.Count + 1} (a quote inside a quoted field must be doubled: \"\")";
                    state = State.Unquoted;
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
