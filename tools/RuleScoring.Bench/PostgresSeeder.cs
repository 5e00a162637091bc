using System.Diagnostics;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using RuleScoring.SampleData;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Leads;

namespace RuleScoring.Bench;

/// <summary>
/// Fills an empty, migrated PostgreSQL store with generated leads and their signals through binary
/// COPY: row-by-row INSERTs (the importer's path) would take longer than the benchmark itself.
/// Rows are written as the importer writes them (attributes as sorted lower-case JSON text,
/// fixed-width timestamps, event_id as the signal's key), so the worker cannot tell the difference.
/// </summary>
internal static class PostgresSeeder
{
    private const int ChunkLeads = 50_000;

    public static (long Leads, long Signals, TimeSpan Elapsed) Seed(NpgsqlConnection connection, SampleOptions options, DateTimeOffset now)
    {
        var received = Time(now);
        var watch = Stopwatch.StartNew();
        var shown = TimeSpan.Zero;
        long leads = 0, signals = 0;

        // Generation (one core) runs ahead of COPY (the server's core) by a couple of chunks.
        var chunks = Channel.CreateBounded<List<SampleLead>>(2);
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var chunk in SampleGenerator.Generate(options).Chunk(ChunkLeads))
                {
                    await chunks.Writer.WriteAsync([.. chunk]);
                }

                chunks.Writer.Complete();
            }
            catch (Exception ex)
            {
                chunks.Writer.Complete(ex);
            }
        });

        while (chunks.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (chunks.Reader.TryRead(out var chunk))
            {
                leads += CopyLeads(connection, chunk, received);
                signals += CopySignals(connection, chunk, received);
                if (watch.Elapsed - shown >= TimeSpan.FromSeconds(5) || leads == options.Leads)
                {
                    shown = watch.Elapsed;
                    var seconds = Math.Max(watch.Elapsed.TotalSeconds, 0.001);
                    Console.Error.WriteLine($"  seed: {leads:N0}/{options.Leads:N0} leads, {signals:N0} signals, {(leads + signals) / seconds:N0} rows/s");
                }
            }
        }

        producer.GetAwaiter().GetResult();
        return (leads, signals, watch.Elapsed);
    }

    private static long CopyLeads(NpgsqlConnection connection, List<SampleLead> chunk, string received)
    {
        using var copy = connection.BeginBinaryImport("COPY leads (lead_id, attributes, created_at, first_seen_at, updated_at) FROM STDIN (FORMAT BINARY)");
        foreach (var sample in chunk)
        {
            copy.StartRow();
            copy.Write(sample.Lead.LeadId, NpgsqlDbType.Text);
            copy.Write(Attributes(sample.Lead.Attributes), NpgsqlDbType.Text);
            copy.Write(Time(sample.CreatedAt), NpgsqlDbType.Text);
            copy.Write(received, NpgsqlDbType.Text);
            copy.Write(received, NpgsqlDbType.Text);
        }

        return (long)copy.Complete();
    }

    private static long CopySignals(NpgsqlConnection connection, List<SampleLead> chunk, string received)
    {
        using var copy = connection.BeginBinaryImport("COPY signals (lead_id, event_key, type, occurred_at, event_id, topic, value, source, received_at) FROM STDIN (FORMAT BINARY)");
        foreach (var sample in chunk)
        {
            foreach (var signal in sample.Lead.Signals)
            {
                // The generator gives every signal an event_id unique within its lead: the importer's key too.
                var key = signal.EventId ?? throw new InvalidOperationException($"{sample.Lead.LeadId}: a generated signal without event_id");
                copy.StartRow();
                copy.Write(sample.Lead.LeadId, NpgsqlDbType.Text);
                copy.Write(key, NpgsqlDbType.Text);
                copy.Write(signal.Type, NpgsqlDbType.Text);
                copy.Write(Time(signal.OccurredAt), NpgsqlDbType.Text);
                copy.Write(signal.EventId, NpgsqlDbType.Text);
                WriteOrNull(copy, signal.Topic);
                if (signal.Value is { } value)
                {
                    copy.Write(value, NpgsqlDbType.Double);
                }
                else
                {
                    copy.WriteNull();
                }

                WriteOrNull(copy, signal.Source);
                copy.Write(received, NpgsqlDbType.Text);
            }
        }

        return (long)copy.Complete();
    }

    private static void WriteOrNull(NpgsqlBinaryImporter copy, string? text)
    {
        if (text is null)
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(text, NpgsqlDbType.Text);
        }
    }

    // Storage's own formats, so the seeded rows read back as if imported.
    private static string Attributes(IReadOnlyDictionary<string, string> attributes) => AttributesJson.Write(attributes);

    private static string Time(DateTimeOffset value) => SqlTimestamp.Format(value);
}
