using System.Text;
using Microsoft.Data.Sqlite;
using RuleScoring.Core.Leads;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Leads;

/// <summary>
/// Reads signal rows through SQLite's own statement calls on the connection's handle (so inside
/// whatever transaction the connection has open), for the path every rescore and tick reads
/// ~22 signals per lead through: text is read as the UTF-8 bytes SQLite holds, the lead id
/// compared in place and decoded only when the next lead's rows begin, signal types, topics and
/// sources taken from a table of those already seen instead of a new string per row, and times
/// read from their bytes. The rows must come lead by lead; within a lead, any order
/// (<see cref="SignalRuns"/> puts each run in seq order), which spares SQLite a sort of the page.
/// </summary>
internal static class SqliteSignalReader
{
    // Columns, in this order: lead_id, seq, type, occurred_at, event_id, topic, value, source.
    public const string Columns = "lead_id, seq, type, occurred_at, event_id, topic, value, source";

    /// <param name="sql">Selects <see cref="Columns"/> lead by lead.</param>
    /// <param name="args">Text parameters by name (with their @).</param>
    /// <param name="eventIds">False: each signal's EventId is left null, not read (see LeadStore.ReadPage).</param>
    public static void Read(SqliteConnection connection, string sql, IReadOnlyList<(string Name, string Value)> args, SignalRuns runs, bool eventIds = true)
    {
        var texts = new TextTable();
        var runId = new byte[64];
        var runLength = -1;
        SqliteQuery.Each(connection, sql, args, row =>
        {
            var id = row.Bytes(0);
            if (runLength < 0 || !id.SequenceEqual(runId.AsSpan(0, runLength)))
            {
                if (id.Length > runId.Length)
                {
                    runId = new byte[id.Length * 2];
                }

                id.CopyTo(runId);
                runLength = id.Length;
                runs.StartLead(Encoding.UTF8.GetString(id));
            }

            if (!runs.Wanted)
            {
                return;
            }

            var occurred = row.Bytes(3);
            var signal = new Signal(
                texts.Of(row.Bytes(2)),
                SqlTimestamp.TryParseFixed(occurred, out var at) ? at : SqlTimestamp.Parse(Encoding.UTF8.GetString(occurred)),
                eventIds ? SqliteQuery.Text(row, 4) : null,
                Text(row, 5, texts),
                row.IsNull(6) ? null : row.Double(6),
                Text(row, 7, texts));
            runs.Add(row.Int64(1), signal);
        });
    }

    /// <summary>A text column from the table of texts seen: null for NULL (asked only when there are no bytes, as for an empty text).</summary>
    private static string? Text(SqliteRow row, int column, TextTable texts)
    {
        var bytes = row.Bytes(column);
        if (bytes.IsEmpty)
        {
            return row.IsNull(column) ? null : "";
        }

        return texts.Of(bytes);
    }

    /// <summary>
    /// The strings of the texts seen so far in one read, looked up by their characters: a page's
    /// signals share a few dozen types, topics and sources. Bounded, so a column of unique values
    /// (free-text topics) costs a string each, as before, and no more memory.
    /// </summary>
    private sealed class TextTable
    {
        private const int MaxEntries = 4096;
        private const int MaxLength = 256;
        private readonly Dictionary<string, string> _seen = new(StringComparer.Ordinal);

        public string Of(ReadOnlySpan<byte> utf8)
        {
            if (utf8.IsEmpty)
            {
                return "";
            }

            if (utf8.Length > MaxLength)
            {
                return Encoding.UTF8.GetString(utf8);
            }

            Span<char> chars = stackalloc char[MaxLength];
            var length = Encoding.UTF8.GetChars(utf8, chars);
            var text = chars[..length];
            var lookup = _seen.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(text, out var known))
            {
                return known;
            }

            var made = new string(text);
            if (_seen.Count < MaxEntries)
            {
                _seen[made] = made;
            }

            return made;
        }
    }
}
