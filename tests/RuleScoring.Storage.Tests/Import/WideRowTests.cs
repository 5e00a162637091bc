using System.Diagnostics;
using System.Text;
using Dapper;
using RuleScoring.Storage.Import;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Import;

/// <summary>
/// A CRM export with tens of thousands of custom columns: importing it again used to merge the
/// attributes with SQLite's json_patch, which looks each new key up one by one in the stored
/// object (quadratic: 60,000 columns took 39 s).
/// </summary>
public sealed class WideRowTests
{
    [Fact]
    public void Import_WideLeadAgainWithOneChangedCell_MergesInLinearTime_KeepsEveryOtherAttribute()
    {
        const int columns = 40_000;
        using var temp = new TempDb();
        var first = temp.Write("wide.csv", Wide(columns, changed: null));
        var again = temp.Write("wide-again.csv", Wide(columns, changed: 123));
        ImportRun.File(temp, ImportKind.Leads, first).Result.Counts.Inserted.ShouldBe(1);

        var clock = Stopwatch.StartNew();
        var (result, rejects) = ImportRun.File(temp, ImportKind.Leads, again);
        clock.Stop();

        rejects.ShouldBeEmpty();
        result.Counts.ShouldBe(result.Counts with { Read = 1, Inserted = 0, Updated = 1, Duplicate = 0 });
        var attributes = temp.Db.Connection.ExecuteScalar<string>("SELECT attributes FROM leads WHERE lead_id = 'L1'")!;
        attributes.ShouldContain("\"c123\":\"changed\"");
        attributes.ShouldContain($"\"c{columns - 1}\":\"v{columns - 1}\"");
        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM leads, json_each(leads.attributes)").ShouldBe(columns);
        // Quadratic, this took about 17 s on the build machine; linear, well under one.
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(8), "a wide row is merged in linear time");
        ImportRun.File(temp, ImportKind.Leads, again).Result.Counts.Duplicate.ShouldBe(1);
    }

    private static string Wide(int columns, int? changed)
    {
        var sb = new StringBuilder("lead_id");
        for (var i = 0; i < columns; i++)
        {
            sb.Append(",c").Append(i);
        }

        sb.Append("\nL1");
        for (var i = 0; i < columns; i++)
        {
            sb.Append(i == changed ? ",changed" : $",v{i}");
        }

        return sb.Append('\n').ToString();
    }
}
