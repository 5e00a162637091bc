using Dapper;
using RuleScoring.SampleData;
using RuleScoring.Storage.Import;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Import;

public sealed class SampleDataImportTests
{
    [Fact]
    public void Import_GeneratedSampleFiles_TakesEveryRow_AndAgainChangesNothing()
    {
        using var temp = new TempDb();
        var folder = Path.Combine(temp.Folder, "sample");
        var written = SampleCsvWriter.Write(folder, SampleGenerator.Generate(new SampleOptions(Leads: 400, Seed: 3, End: TempDb.Now)));
        (ImportKind Kind, string File, long Rows)[] files =
        [
            (ImportKind.Leads, SampleCsvWriter.LeadsFile, written.Leads),
            (ImportKind.Signals, SampleCsvWriter.SignalsFile, written.Signals),
            (ImportKind.Deals, SampleCsvWriter.DealsFile, written.Deals),
            (ImportKind.Dispositions, SampleCsvWriter.DispositionsFile, written.Dispositions),
        ];
        files.ShouldAllBe(f => f.Rows > 0);

        foreach (var (kind, file, rows) in files)
        {
            var (result, rejects) = ImportRun.File(temp, kind, Path.Combine(folder, file));
            rejects.ShouldBeEmpty(kind.ToString());
            result.Counts.ShouldBe(result.Counts with { Read = rows, Inserted = rows, Rejected = 0 }, kind.ToString());
        }

        foreach (var (kind, file, rows) in files)
        {
            ImportRun.File(temp, kind, Path.Combine(folder, file)).Result.Counts.Duplicate.ShouldBe(rows, kind.ToString());
        }

        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM signals").ShouldBe(written.Signals);
    }
}
