using Dapper;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Import;
using RuleScoring.Storage.Tests.Support;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Import;

/// <summary>
/// A second file about the same records, as a team imports a CRM's exports one by one: it merges
/// for every kind (a blank cell or a missing column erases nothing), and a row that contradicts
/// what is stored is rejected with its line, never moved.
/// </summary>
[Collection(TestPostgres.Collection)]
public sealed class ReimportTests(TestPostgres postgres, ITestOutputHelper output)
{
    private const string CreatedFile = """
        lead_id,opportunity_id,outcome,created_at,closed_at,amount,segment
        L1,O1,open,2026-02-01,,12000,mid-market
        L2,O2,open,2026-02-03,,5000,smb
        """;

    // The won file of a CRM: no created_at, no segment column, a blank amount.
    private const string WonFile = """
        lead_id,opportunity_id,outcome,closed_at,amount
        L1,O1,won,2026-04-01,
        L2,O2,lost,2026-04-02,4000
        """;

    [Fact]
    public void Import_DealsFromASecondFileWithoutCreatedAt_KeepTheStoredCreatedAtSegmentAndAmount() =>
        DealsMergeAcrossFiles(new TempDbTarget());

    [SkippableFact]
    public void Import_DealsFromASecondFileWithoutCreatedAt_KeepTheStoredValues_OnPostgres()
    {
        postgres.SkipUnlessAvailable(output);
        DealsMergeAcrossFiles(new TempDbTarget(postgres.CreateDatabase()));
    }

    private static void DealsMergeAcrossFiles(TempDbTarget target)
    {
        using var _ = target;
        target.Import(ImportKind.Leads, "leads.csv", "lead_id\nL1\nL2\n");
        target.Import(ImportKind.Deals, "created.csv", CreatedFile).Rejects.ShouldBeEmpty();

        var (won, rejects) = target.Import(ImportKind.Deals, "won.csv", WonFile);

        rejects.ShouldBeEmpty();
        won.Counts.ShouldBe(won.Counts with { Read = 2, Inserted = 0, Updated = 2, Duplicate = 0 });
        target.Deals().ShouldBe([
            "O1,L1,won,2026-02-01T00:00:00.0000000Z,2026-04-01T00:00:00.0000000Z,12000,mid-market",
            "O2,L2,lost,2026-02-03T00:00:00.0000000Z,2026-04-02T00:00:00.0000000Z,4000,smb",
        ]);

        var (again, _) = target.Import(ImportKind.Deals, "won.csv", WonFile);
        again.Counts.ShouldBe(again.Counts with { Inserted = 0, Updated = 0, Duplicate = 2 });
        var (first, _) = target.Import(ImportKind.Deals, "created.csv", CreatedFile);
        first.Counts.ShouldBe(first.Counts with { Updated = 2 }, "open is a value the first file has: it updates the outcome, nothing else");
    }

    [Fact]
    public void Import_DispositionsAgainWithABlankReason_KeepTheStoredReasonAndRep()
    {
        using var target = new TempDbTarget();
        target.Import(ImportKind.Leads, "leads.csv", "lead_id\nL1\n");
        target.Import(ImportKind.Dispositions, "a.csv", "lead_id,status,at,reason,rep\nL1,rejected,2026-03-01,no budget,dana\n");

        var (result, _) = target.Import(ImportKind.Dispositions, "b.csv", "lead_id,status,at,reason\nL1,rejected,2026-03-01,\n");

        result.Counts.ShouldBe(result.Counts with { Read = 1, Inserted = 0, Updated = 0, Duplicate = 1 });
        target.Db.Connection.QuerySingle<(string, string)>("SELECT reason, rep FROM dispositions").ShouldBe(("no budget", "dana"));
    }

    /// <summary>A SQLite file, or a PostgreSQL database, with a folder for the files imported into it.</summary>
    internal sealed class TempDbTarget : IDisposable
    {
        private readonly TempDb _temp = new();
        private readonly ScoreDatabase? _postgres;

        public TempDbTarget(string? postgresTarget = null)
        {
            _postgres = postgresTarget is null ? null : ScoreDatabase.Open(postgresTarget, _temp.Clock);
        }

        public ScoreDatabase Db => _postgres ?? _temp.Db;

        public (ImportResult Result, List<RejectedRow> Rejects) Import(ImportKind kind, string name, string content)
        {
            var rejects = new List<RejectedRow>();
            var result = new Importer(Db).Import(_temp.Write(name, content), new ImportOptions(kind), rejects.Add);
            return (result, rejects);
        }

        public List<string> Deals() => Db.Connection.Query<(string, string, string, string?, string?, double?, string?)>(
                "SELECT deal_id, lead_id, outcome, created_at, closed_at, amount, segment FROM deals ORDER BY deal_id")
            .Select(d => string.Join(',', d.Item1, d.Item2, d.Item3, d.Item4, d.Item5, d.Item6?.ToString(System.Globalization.CultureInfo.InvariantCulture), d.Item7))
            .ToList();

        public void Dispose()
        {
            _postgres?.Dispose();
            _temp.Dispose();
        }
    }
}
