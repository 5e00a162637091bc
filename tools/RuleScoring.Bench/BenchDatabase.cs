using System.Diagnostics;
using RuleScoring.SampleData;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Import;

namespace RuleScoring.Bench;

/// <summary>Generated CRM data as CSV, imported into a fresh SQLite file, with each phase timed and its progress shown.</summary>
internal static class BenchDatabase
{
    public static (SampleCounts Counts, List<(string Phase, long Rows, TimeSpan Elapsed)> Phases) Create(string dir, string dbPath, SampleOptions options, TimeProvider time)
    {
        Directory.CreateDirectory(dir);
        foreach (var file in new[] { dbPath, dbPath + "-wal", dbPath + "-shm" })
        {
            File.Delete(file);
        }

        var phases = new List<(string Phase, long Rows, TimeSpan Elapsed)>();
        var clock = Stopwatch.StartNew();
        var counts = SampleCsvWriter.Write(dir, SampleGenerator.Generate(options),
            n => Console.Error.WriteLine($"  generate: {n:N0}/{options.Leads:N0} leads, {n / clock.Elapsed.TotalSeconds:N0} leads/s"));
        phases.Add(("generate CSV", counts.Leads, clock.Elapsed));

        using var db = ScoreDatabase.Open(dbPath, time);
        var importer = new Importer(db);
        foreach (var (kind, file, rows) in new[]
                 {
                     (ImportKind.Leads, SampleCsvWriter.LeadsFile, counts.Leads), (ImportKind.Signals, SampleCsvWriter.SignalsFile, counts.Signals),
                 })
        {
            clock.Restart();
            var last = TimeSpan.Zero;
            var result = importer.Import(Path.Combine(dir, file), new ImportOptions(kind), onProgress: p =>
            {
                if (clock.Elapsed - last > TimeSpan.FromSeconds(5))
                {
                    last = clock.Elapsed;
                    var eta = TimeSpan.FromSeconds((rows - p.Read) / Math.Max(p.RowsPerSecond, 1));
                    Console.Error.WriteLine($"  import {file}: {p.Read:N0}/{rows:N0} rows, {p.RowsPerSecond:N0} rows/s, ETA {eta:mm\\:ss}");
                }
            });
            phases.Add(($"import {file}", result.Counts.Read, clock.Elapsed));
        }

        return (counts, phases);
    }
}
