using System.Text;
using Dapper;
using RuleScoring.Storage.Import;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Import;

/// <summary>Values no CRM means are rejected with their line, never stored altered: bytes that are not UTF-8, NUL bytes, negative counts.</summary>
public sealed class UnreadableCellsTests
{
    [Fact]
    public void Import_InvalidUtf8AndNulBytes_AreRejectedWithTheirLines_AndTheOtherRowsStored()
    {
        using var temp = new TempDb();
        var path = Path.Combine(temp.Folder, "leads.csv");
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.UTF8.GetBytes("lead_id,company\nL1,Caf"));
        bytes.Add(0xE9); // Latin-1 é: not UTF-8
        bytes.AddRange(Encoding.UTF8.GetBytes("\nL2,Acme\0Corp\nL3,Müller GmbH \uFFFD kept\n"));
        File.WriteAllBytes(path, [.. bytes]);

        var (result, rejects) = ImportRun.File(temp, ImportKind.Leads, path);

        rejects.Select(r => r.Line).ShouldBe([2L, 3L]);
        rejects[0].Reason.ShouldContain("not UTF-8");
        rejects[1].Reason.ShouldContain("NUL");
        result.Counts.Inserted.ShouldBe(1);
        temp.Db.Connection.ExecuteScalar<string>("SELECT lead_id FROM leads").ShouldBe("L3");
        temp.Db.Connection.ExecuteScalar<string>("SELECT json_extract(attributes, '$.company') FROM leads").ShouldBe("Müller GmbH \uFFFD kept");
    }

    [Fact]
    public void Import_JsonLinesWithAnEscapedNul_IsRejectedWithItsLine()
    {
        using var temp = new TempDb();
        var path = temp.Write("leads.jsonl", "{\"lead_id\": \"L1\", \"company\": \"a\\u0000b\"}\n{\"lead_id\": \"L2\"}\n");

        var (_, rejects) = ImportRun.File(temp, ImportKind.Leads, path);

        rejects.Select(r => (r.Line, r.Reason.Contains("NUL", StringComparison.Ordinal))).ShouldBe([(1L, true)]);
    }

    [Fact]
    public void Import_NegativeEmployees_IsRejectedWithItsLine()
    {
        using var temp = new TempDb();
        var path = temp.Write("leads.csv", "lead_id,employees\nL1,-5\nL2,0\nL3,40\n");

        var (result, rejects) = ImportRun.File(temp, ImportKind.Leads, path);

        rejects.Select(r => r.Line).ShouldBe([2L]);
        rejects[0].Reason.ShouldBe("employees \"-5\" is negative: a count of people cannot be below 0");
        result.Counts.Inserted.ShouldBe(2);
    }

    [Fact]
    public void Import_Utf16FileWithAByteOrderMark_StillReads()
    {
        using var temp = new TempDb();
        var path = Path.Combine(temp.Folder, "leads.csv");
        File.WriteAllText(path, "lead_id,company\nL1,Müller\n", new UnicodeEncoding(bigEndian: false, byteOrderMark: true));

        var (result, rejects) = ImportRun.File(temp, ImportKind.Leads, path);

        rejects.ShouldBeEmpty();
        result.Counts.Inserted.ShouldBe(1);
        temp.Db.Connection.ExecuteScalar<string>("SELECT json_extract(attributes, '$.company') FROM leads").ShouldBe("Müller");
    }
}
