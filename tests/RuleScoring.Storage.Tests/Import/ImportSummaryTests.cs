using RuleScoring.Storage.Import;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Import;

/// <summary>
/// The import summary is data: each rejected row has a reason code beside its sentence, the
/// summary counts rejections per code and lists oddities with their lines, so a caller (replay's
/// --data) acts on the code and never on the wording.
/// </summary>
public sealed class ImportSummaryTests
{
    [Fact]
    public void Import_DealsWithOneProblemEach_RejectEachWithItsCode_AndTheSummaryCountsThem()
    {
        using var temp = new TempDb();
        ImportRun.Leads(temp, "L1", "L2");
        var (result, rejects) = ImportRun.File(temp, ImportKind.Deals, temp.Write("deals.csv", """
            lead_id,opportunity_id,outcome,created_at,closed_at
            L1,O1,won,2026-03-01,2026-02-01
            L9,O2,won,2026-03-01,2026-03-02
            L2,O3,maybe,2026-03-01,
            ,O4,won,2026-03-01,
            L2,O5,won,2026-03-01,not a date
            L2,O6,won,2026-03-01
            L1,O7,open,2026-03-01,
            L2,O7,open,2026-03-01,
            """));

        rejects.Select(r => (r.Line, r.Code)).ShouldBe([
            (2L, RejectReason.ClosedBeforeCreated), (3L, RejectReason.UnknownLead), (4L, RejectReason.InvalidValue),
            (5L, RejectReason.MissingValue), (6L, RejectReason.InvalidValue), (7L, RejectReason.FieldCount), (9L, RejectReason.DealOfAnotherLead),
        ]);
        result.Source.ShouldEndWith("deals.csv");
        result.Kind.ShouldBe(ImportKind.Deals);
        result.Counts.ShouldBe(result.Counts with { Read = 8, Inserted = 1, Rejected = 7 });
        result.Rejections.OrderBy(p => p.Key).ShouldBe(new Dictionary<RejectReason, long>
        {
            [RejectReason.FieldCount] = 1, [RejectReason.MissingValue] = 1, [RejectReason.InvalidValue] = 2,
            [RejectReason.UnknownLead] = 1, [RejectReason.DealOfAnotherLead] = 1, [RejectReason.ClosedBeforeCreated] = 1,
        }.OrderBy(p => p.Key));
        result.Oddities.Select(o => (o.Kind, o.Rejected, o.Count, string.Join(",", o.Lines))).ShouldBe([
            (ImportOddityKind.ClosedBeforeCreated, true, 1L, "2"), (ImportOddityKind.DealOfAnotherLead, true, 1L, "9"),
        ]);
        result.FanOut.ShouldBeNull();
    }

    [Fact]
    public void Import_SignalsOfAnUnknownTypeOrWithANulByte_AreRejectedWithTheirCodes()
    {
        using var temp = new TempDb();
        ImportRun.Leads(temp, "L1");
        var path = temp.Write("signals.csv", "lead_id,type,occurred_at\nL1,pricing_veiw,2026-03-01\nL1,demo\0,2026-03-01\nL1,demo,2026-03-01\n");
        var rejects = new List<RejectedRow>();

        var result = new Importer(temp.Db).Import(path, new ImportOptions(ImportKind.Signals, SignalTypes: new HashSet<string>(["demo"])), rejects.Add);

        rejects.Select(r => (r.Line, r.Code)).ShouldBe([(2L, RejectReason.UnknownSignalType), (3L, RejectReason.NulByte)]);
        result.Counts.Inserted.ShouldBe(1);
    }
}
