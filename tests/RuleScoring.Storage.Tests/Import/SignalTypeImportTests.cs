using Dapper;
using RuleScoring.Storage.Import;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Import;

/// <summary>Import holds signal types to the rule the API holds them to: the model's catalogue, case-normalised.</summary>
public sealed class SignalTypeImportTests
{
    private static readonly HashSet<string> Catalogue = new(["pricing_view", "demo_request"], StringComparer.Ordinal);

    [Fact]
    public void Import_UnknownSignalType_IsRejectedWithItsLine_InTheApisWords_AndKnownTypesAreStoredLowerCased()
    {
        using var temp = new TempDb();
        ImportRun.Leads(temp, "L1");
        var path = temp.Write("signals.csv", "lead_id,type,occurred_at\nL1,Pricing_View,2026-11-19\nL1,pricing_veiw,2026-11-18\nL1, DEMO_REQUEST ,2026-11-17\n");
        var rejects = new List<RejectedRow>();

        var result = new Importer(temp.Db).Import(path, new ImportOptions(ImportKind.Signals, SignalTypes: Catalogue), rejects.Add);

        rejects.Select(r => r.Line).ShouldBe([3L]);
        rejects[0].Reason.ShouldBe("type 'pricing_veiw' is not a signal type of the active model (rules/model.json lists 2)");
        result.Counts.Inserted.ShouldBe(2);
        temp.Db.Connection.Query<string>("SELECT type FROM signals ORDER BY type").ShouldBe(["demo_request", "pricing_view"]);
    }

    [Fact]
    public void Import_WithoutACatalogue_StillStoresTypesLowerCased()
    {
        using var temp = new TempDb();
        ImportRun.Leads(temp, "L1");
        var path = temp.Write("signals.csv", "lead_id,type,occurred_at\nL1,Pricing_View,2026-11-19\n");

        ImportRun.File(temp, ImportKind.Signals, path).Rejects.ShouldBeEmpty();

        temp.Db.Connection.ExecuteScalar<string>("SELECT type FROM signals").ShouldBe("pricing_view");
    }
}
