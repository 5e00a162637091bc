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

    /// <summary>
    /// Deal rows of --data that the import rejected, by reason: import refuses a deal closed
    /// before it was created, so the replay never sees it and must count it among the deals it
    /// left out itself (a database given with --db was imported, and its rejects named, before).
    /// </summary>
    public IReadOnlyList<LeftOutDeals> RejectedDeals { get; private init; } = [];

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
        var rejectedDeals = new Dictionary<string, int>(StringComparer.Ordinal);
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
                if (kind == ImportKind.Deals)
                {
                    var reason = row.Code == RejectReason.ClosedBeforeCreated ? ReplayDataLoader.ClosedBeforeCreated : "rejected by import (see its lines)";
                    rejectedDeals[reason] = rejectedDeals.GetValueOrDefault(reason) + 1;
                }

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

        return new DealSource(database, scratch) { RejectedDeals = rejectedDeals.Select(p => new LeftOutDeals(p.Key, p.Value)).ToList() };
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
