using RuleScoring.Storage.Import;

namespace RuleScoring.Storage.Tests.Support;

/// <summary>Runs the importer on a file and keeps what it rejected.</summary>
internal static class ImportRun
{
    public static (ImportResult Result, List<RejectedRow> Rejects) File(TempDb temp, ImportKind kind, string path, string? mapping = null, int batchSize = 5000)
    {
        var rejects = new List<RejectedRow>();
        var options = new ImportOptions(kind, Mapping: mapping is null ? null : ImportMapping.Load(mapping), BatchSize: batchSize);
        var result = new Importer(temp.Db).Import(path, options, rejects.Add);
        return (result, rejects);
    }

    /// <summary>Leads with nothing but an id, for files that need their leads to exist.</summary>
    public static void Leads(TempDb temp, params string[] ids)
    {
        var path = temp.Write($"seed-{Guid.NewGuid():N}.csv", "lead_id\n" + string.Join('\n', ids) + "\n");
        File(temp, ImportKind.Leads, path).Rejects.ShouldBeEmpty();
    }
}
