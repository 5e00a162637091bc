using RuleScoring.Storage.Database;
using RuleScoring.Storage.Import;

namespace RuleScoring.Replay.Data;

/// <summary>
/// The deals to replay or calibrate on: a RuleScoring database (--db), or contract CSV files
/// (--data) imported into a scratch database that is deleted afterwards.
/// </summary>
internal sealed class DealSource : IDisposable
{
    private readonly string? _scratch;

    private DealSource(ScoreDatabase database, string? scratch)
    {
        Database = database;
        _scratch = scratch;
    }

    public ScoreDatabase Database { get; }

    /// <summary>Null (with the reason written to <paramref name="error"/>) when the folder lacks the files.</summary>
    public static DealSource? Open(string? db, string? data, TimeProvider time, TextWriter error)
    {
        if (data is null)
        {
            return new DealSource(ScoreDatabase.Open(db!, time, create: false), null);
        }

        if (!File.Exists(Path.Combine(data, "leads.csv")) || !File.Exists(Path.Combine(data, "deals.csv")))
        {
            error.WriteLine($"{data}: --data needs leads.csv and deals.csv (and optionally signals.csv, dispositions.csv) in the import contract");
            return null;
        }

        var scratch = Directory.CreateTempSubdirectory("rulescore-deals-").FullName;
        var database = ScoreDatabase.Open(Path.Combine(scratch, "deals.db"), time);
        var importer = new Importer(database);
        foreach (var (kind, file) in new[] { (ImportKind.Leads, "leads.csv"), (ImportKind.Signals, "signals.csv"), (ImportKind.Deals, "deals.csv"), (ImportKind.Dispositions, "dispositions.csv") })
        {
            var path = Path.Combine(data, file);
            if (!File.Exists(path))
            {
                continue;
            }

            var shown = 0;
            var result = importer.Import(path, new ImportOptions(kind), row =>
            {
                if (shown++ < 5)
                {
                    error.WriteLine($"{path}:{row.Line}: {row.Reason}");
                }
            });
            if (result.Counts.Rejected > 0)
            {
                error.WriteLine($"{path}: {result.Counts.Rejected:N0} rows rejected and left out (the first ones above)");
            }
        }

        return new DealSource(database, scratch);
    }

    public void Dispose()
    {
        Database.Dispose();
        if (_scratch is not null)
        {
            try
            {
                Directory.Delete(_scratch, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }
}
