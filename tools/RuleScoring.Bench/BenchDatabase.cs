using System.Diagnostics;
using Dapper;
using RuleScoring.SampleData;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Import;

namespace RuleScoring.Bench;

/// <summary>Generated CRM data as CSV, imported into a fresh SQLite file, with each phase timed and its progress shown.</summary>
internal static class BenchDatabase
{
    /// <summary>
    /// As <see cref="Create"/>, keeping a copy of the imported file named after the options; with
    /// <paramref name="reuse"/>, a kept copy is copied back instead of generating and importing again.
    /// </summary>
    public static (SampleCounts Counts, List<(string Phase, long Rows, TimeSpan Elapsed)> Phases) CreateOrReuse(
        string dir, string dbPath, SampleOptions options, TimeProvider time, bool reuse)
    {
        var kept = Path.Combine(dir, $"imported-{options.Leads}-{options.Seed}-{options.Activity.ToString(System.Globalization.CultureInfo.InvariantCulture)}.db");
        var countsFile = kept + ".counts";
        if (reuse && File.Exists(kept) && File.Exists(countsFile))
        {
            foreach (var file in new[] { dbPath, dbPath + "-wal", dbPath + "-shm" })
            {
                File.Delete(file);
            }

            File.Copy(kept, dbPath);
            var n = File.ReadAllText(countsFile).Split(' ').Select(long.Parse).ToArray();
            Console.Error.WriteLine($"  reusing the imported database {kept}");
            return (new SampleCounts(n[0], n[1], n[2], n[3]), []);
        }

        var created = Create(dir, dbPath, options, time);
        File.Copy(dbPath, kept, overwrite: true);
        File.WriteAllText(countsFile, $"{created.Counts.Leads} {created.Counts.Signals} {created.Counts.Deals} {created.Counts.Dispositions}");
        return created;
    }

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

        // Everything in the main file, so a copy of it is the whole database.
        db.Connection.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        return (counts, phases);
    }
}
