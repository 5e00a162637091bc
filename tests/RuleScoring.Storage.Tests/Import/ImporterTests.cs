using Dapper;
using RuleScoring.Storage.Import;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Import;

public sealed class ImporterTests
{
    [Theory]
    [InlineData(5000)]
    [InlineData(2)]
    public void Import_DealsWithBadRows_RejectsThemWithTheirLines_StoresTheRest_AndAgainAddsNothing(int batchSize)
    {
        using var temp = new TempDb();
        ImportRun.Leads(temp, "L1", "L2", "L3", "L4", "L5", "L6");
        var csv = temp.Write("deals.csv",
            "lead_id,opportunity_id,outcome,created_at,closed_at,amount,segment\n" + // line 1
            "L1,O1,won,2026-01-05,2026-03-01,12000,mid-market\n" +                    // 2 good
            ",O2,lost,2026-01-06,2026-02-01,5000,smb\n" +                            // 3 no lead_id
            "L3,O3,won,05/01/2026,2026-03-01,8000,smb\n" +                           // 4 not ISO 8601
            "L4,O4,pending,2026-01-07,,3000,smb\n" +                                 // 5 unknown outcome
            "L5,O5,open,2026-01-08\n" +                                              // 6 four fields of seven
            "L6,O6,open,2026-01-09,,9000,\"Enterprise, \"\"EMEA\"\"\r\nnorth\"\n" +    // 7-8 good: quotes and a line break in a field
            "L2,O7,Lost,2026-01-10,2026-02-11,100.50,smb\n" +                          // 9 good (outcome case does not matter)
            "L1,O8,wonn,2026-01-10,,1,smb\n");                                       // 10 unknown outcome

        var (result, rejects) = ImportRun.File(temp, ImportKind.Deals, csv, batchSize: batchSize);

        rejects.Select(r => r.Line).ShouldBe([3L, 4L, 5L, 6L, 10L]);
        rejects[0].Reason.ShouldContain("lead_id");
        rejects[1].Reason.ShouldContain("created_at \"05/01/2026\" is not an ISO 8601 timestamp");
        rejects[2].Reason.ShouldContain("outcome \"pending\" is not one of won, lost, open");
        rejects[3].Reason.ShouldContain("expected 7 fields");
        rejects[4].Reason.ShouldContain("\"wonn\"");
        rejects[2].Record.ShouldBe("L4,O4,pending,2026-01-07,,3000,smb");
        result.Counts.ShouldBe(result.Counts with { Read = 8, Inserted = 3, Updated = 0, Duplicate = 0, Rejected = 5 });

        var deals = temp.Db.Connection.Query<(string Id, string Outcome, string Segment, double? Amount)>(
            "SELECT deal_id, outcome, segment, amount FROM deals ORDER BY deal_id").ToList();
        deals.Select(d => d.Id).ShouldBe(["O1", "O6", "O7"]);
        deals[1].Segment.ShouldBe("Enterprise, \"EMEA\"\r\nnorth");
        deals[2].Outcome.ShouldBe("lost");
        deals[2].Amount.ShouldBe(100.5);

        var (again, rejectsAgain) = ImportRun.File(temp, ImportKind.Deals, csv, batchSize: batchSize);

        again.Counts.ShouldBe(again.Counts with { Read = 8, Inserted = 0, Updated = 0, Duplicate = 3, Rejected = 5 });
        rejectsAgain.Select(r => r.Line).ShouldBe([3L, 4L, 5L, 6L, 10L]);
        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM deals").ShouldBe(3);
    }

    public static TheoryData<string, string, string, int> EveryKind => new()
    {
        { "leads", "leads.csv", "lead_id,email,employees,tech_stack\nL1,a@acme.com,300,Salesforce;Slack\nL2,b@beta.io,,\nL3,c@gamma.de,12,\n", 3 },
        { "signals", "signals.csv", "lead_id,type,occurred_at,event_id,topic,value\nL1,pricing_view,2026-11-19,,,\nL1,pricing_view,2026-11-18T10:00:00Z,,,\nL2,webinar_attended,2026-11-01,w-7,ai,\nL3,feature_used,2026-11-02,,reports,3\n", 4 },
        { "deals", "deals.csv", "lead_id,outcome,amount\nL1,won,1000\nL2,open,\n", 2 },
        { "dispositions", "dispositions.csv", "lead_id,status,at,reason,rep\nL1,accepted,2026-11-20T12:15:00Z,,dana\nL2,rejected,2026-11-20,\"no budget, call in Q3\",sam\n", 2 },
        { "leads", "leads.jsonl", "{\"lead_id\": \"L1\", \"attributes\": {\"employees\": 300, \"tech_stack\": [\"Salesforce\", \"Slack\"]}}\n{\"lead_id\": \"L2\", \"email\": \"b@beta.io\"}\n", 2 },
        { "signals", "signals.jsonl", "{\"lead_id\": \"L1\", \"type\": \"demo_request\", \"occurred_at\": \"2026-11-19T09:00:00Z\"}\n{\"lead_id\": \"L2\", \"type\": \"feature_used\", \"occurred_at\": \"2026-11-19\", \"value\": 2}\n", 2 },
    };

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Import_SameFileTwice_SecondImportChangesNothing(string kind, string name, string content, int rows)
    {
        using var temp = new TempDb();
        var importKind = Enum.Parse<ImportKind>(kind, ignoreCase: true);
        if (importKind != ImportKind.Leads)
        {
            ImportRun.Leads(temp, "L1", "L2", "L3");
        }

        var file = temp.Write(name, content);
        var (first, rejects) = ImportRun.File(temp, importKind, file);
        rejects.ShouldBeEmpty();
        first.Counts.Inserted.ShouldBe(rows);
        var before = Snapshot(temp);

        var (second, _) = ImportRun.File(temp, importKind, file);

        second.Counts.ShouldBe(second.Counts with { Read = rows, Inserted = 0, Updated = 0, Duplicate = rows, Rejected = 0 });
        Snapshot(temp).ShouldBe(before);
    }

    [Fact]
    public void Import_LeadsAgainWithChanges_CountsUpdates_AndABlankCellErasesNothing()
    {
        using var temp = new TempDb();
        ImportRun.File(temp, ImportKind.Leads, temp.Write("a.csv", "lead_id,company,employees,Region\nL1,Acme,300,EMEA\nL2,Beta,20,NA\n"));

        var (result, _) = ImportRun.File(temp, ImportKind.Leads, temp.Write("b.csv", "lead_id,company,employees,region,created_at\nL1,Acme,350,EMEA,\nL2,,20,NA,\nL3,Gamma,5,,2026-11-01\n"));

        result.Counts.ShouldBe(result.Counts with { Read = 3, Inserted = 1, Updated = 1, Duplicate = 1 });
        var l1 = temp.Db.Leads.Get("L1").ShouldNotBeNull();
        l1.Lead.Attributes["employees"].ShouldBe("350");
        l1.Lead.Attributes["region"].ShouldBe("EMEA", "custom columns are attributes, looked up case-insensitively");
        temp.Db.Leads.Get("L2").ShouldNotBeNull().Lead.Attributes["company"].ShouldBe("Beta");
        var l3 = temp.Db.Leads.Get("L3").ShouldNotBeNull();
        l3.CreatedAt.ShouldBe(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        l3.Lead.Attributes.ContainsKey("created_at").ShouldBeFalse();
    }

    [Fact]
    public void Import_SignalsWithoutEventId_DedupeOnTheNormalisedRow_AndEventIdsOnTheId()
    {
        using var temp = new TempDb();
        ImportRun.Leads(temp, "L1", "L2");
        var file = temp.Write("signals.csv", """
            lead_id,type,occurred_at,event_id,topic
            L1,pricing_view,2026-11-20,,
            L1,Pricing_View,2026-11-20T00:00:00Z,,
            L1,pricing_view,2026-11-20,,plans
            L1,demo_request,2026-11-19,ev-1,
            L1,demo_request,2026-11-18,ev-1,
            L2,demo_request,2026-11-19,ev-1,
            """);

        var (result, _) = ImportRun.File(temp, ImportKind.Signals, file);

        result.Counts.ShouldBe(result.Counts with { Read = 6, Inserted = 4, Duplicate = 2 });
        temp.Db.Leads.Get("L1").ShouldNotBeNull().Lead.Signals.Count.ShouldBe(3);
        temp.Db.Leads.Get("L2").ShouldNotBeNull().Lead.Signals.Count.ShouldBe(1, "event ids are unique per lead, not across leads");
    }

    [Theory]
    [InlineData(ImportKind.Signals, "lead_id,type,occurred_at", "demo_request,2026-11-19")]
    [InlineData(ImportKind.Deals, "lead_id,opportunity_id,outcome,created_at", "{0}-deal,won,2026-11-19")]
    [InlineData(ImportKind.Dispositions, "lead_id,status,at", "accepted,2026-11-19")]
    public void Import_RowsOfAnUnknownLead_AreRejectedWithTheirLine_AndTheOthersStored(ImportKind kind, string header, string rest)
    {
        using var temp = new TempDb();
        ImportRun.Leads(temp, "L1", "L2");
        string Row(string lead) => lead + "," + string.Format(System.Globalization.CultureInfo.InvariantCulture, rest, lead);
        var file = temp.Write("rows.csv", $"{header}\n{Row("L1")}\n{Row("L9")}\n{Row("L2")}\n");

        var (result, rejects) = ImportRun.File(temp, kind, file);

        rejects.ShouldHaveSingleItem().Line.ShouldBe(3);
        rejects[0].Reason.ShouldContain("lead_id \"L9\" is not in the database");
        rejects[0].Record.ShouldBe(Row("L9"));
        result.Counts.ShouldBe(result.Counts with { Read = 3, Inserted = 2, Rejected = 1 });
        var table = kind.ToString().ToLowerInvariant();
        temp.Db.Connection.Query<string>($"SELECT DISTINCT lead_id FROM {table} ORDER BY lead_id").ShouldBe(["L1", "L2"]);
    }

    [Fact]
    public void Import_HeaderWithoutARequiredColumn_FailsNamingFileAndColumn_AndStoresNothing()
    {
        using var temp = new TempDb();
        ImportRun.Leads(temp, "L1");
        var file = temp.Write("signals.csv", "lead_id,type,when\nL1,demo_request,2026-11-19\n");

        var ex = Should.Throw<ImportException>(() => ImportRun.File(temp, ImportKind.Signals, file));

        ex.Message.ShouldContain(file);
        ex.Message.ShouldContain("no \"occurred_at\" column");
        ex.Message.ShouldContain("when");
        temp.Db.Leads.SignalCount().ShouldBe(0);
    }

    [Fact]
    public void Import_MissingFile_FailsNamingIt()
    {
        using var temp = new TempDb();
        var path = Path.Combine(temp.Folder, "nope.csv");

        Should.Throw<ImportException>(() => ImportRun.File(temp, ImportKind.Leads, path)).Message.ShouldContain(path);
    }

    [Fact]
    public void Import_JsonLines_BadLinesAreRejectedWithTheirLineNumbers()
    {
        using var temp = new TempDb();
        ImportRun.Leads(temp, "L1");
        var file = temp.Write("signals.jsonl",
            "{\"lead_id\": \"L1\", \"type\": \"demo_request\", \"occurred_at\": \"2026-11-19\"}\n" +
            "\n" +
            "{\"lead_id\": \"L1\", \"type\": \"pricing_view\"\n" +
            "{\"lead_id\": \"L1\", \"type\": \"pricing_view\", \"occurred_at\": \"yesterday\"}\n" +
            "[1, 2]\n" +
            "{\"lead_id\": \"L1\", \"type\": \"trial_signup\", \"occurred_at\": \"2026-11-18\", \"topic\": {\"x\": 1}}\n" +
            "{\"lead_id\": \"L1\", \"type\": \"trial_signup\", \"occurred_at\": \"2026-11-18\"}\n");

        var (result, rejects) = ImportRun.File(temp, ImportKind.Signals, file);

        rejects.Select(r => r.Line).ShouldBe([3L, 4L, 5L, 6L]);
        rejects[0].Reason.ShouldStartWith("invalid JSON");
        rejects[1].Reason.ShouldContain("occurred_at \"yesterday\"");
        result.Counts.ShouldBe(result.Counts with { Read = 6, Inserted = 2, Rejected = 4 });
    }

    [Fact]
    public void Import_LeadsJsonInTheScoreCommandsShape_TakesAttributes_AndSaysWhereSignalsGo()
    {
        using var temp = new TempDb();
        var file = temp.Write("leads.jsonl",
            "{\"lead_id\": \"L1\", \"attributes\": {\"industry\": \"Software\", \"employees\": 300}}\n" +
            "{\"lead_id\": \"L2\", \"attributes\": {}, \"signals\": [{\"type\": \"demo_request\", \"occurred_at\": \"2026-11-19\"}]}\n");

        var (result, rejects) = ImportRun.File(temp, ImportKind.Leads, file);

        result.Counts.Inserted.ShouldBe(1);
        temp.Db.Leads.Get("L1").ShouldNotBeNull().Lead.Attributes["employees"].ShouldBe("300");
        rejects.ShouldHaveSingleItem().Line.ShouldBe(2);
        rejects[0].Reason.ShouldContain("rulescore import signals");
    }

    [Fact]
    public void Import_DatabaseFailsMidBatch_NothingOfThatBatchIsStored_AndImportingAgainFinishesTheJob()
    {
        using var temp = new TempDb();
        ImportRun.Leads(temp, "L1");
        var rows = Enumerable.Range(1, 10).Select(i => $"L1,{(i == 6 ? "boom" : "page_view")},2026-11-{i:00}");
        var file = temp.Write("signals.csv", "lead_id,type,occurred_at\n" + string.Join('\n', rows) + "\n");
        // A real failure inside SQLite, on the second of three batches (rows 5-8 = lines 6-9).
        temp.Db.Connection.Execute("CREATE TRIGGER boom BEFORE INSERT ON signals WHEN NEW.type = 'boom' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");

        var ex = Should.Throw<ImportException>(() => ImportRun.File(temp, ImportKind.Signals, file, batchSize: 4));

        ex.Message.ShouldContain($"the batch of lines 6-9 of {file} was rolled back");
        ex.Message.ShouldContain("disk on fire");
        ex.Counts.ShouldNotBeNull().Inserted.ShouldBe(4);
        temp.Db.Connection.Query<string>("SELECT occurred_at FROM signals ORDER BY occurred_at")
            .ShouldBe(Enumerable.Range(1, 4).Select(d => $"2026-11-{d:00}T00:00:00.0000000Z"), "only the first batch, whole");

        temp.Db.Connection.Execute("DROP TRIGGER boom");
        var (again, _) = ImportRun.File(temp, ImportKind.Signals, file, batchSize: 4);

        again.Counts.ShouldBe(again.Counts with { Inserted = 6, Duplicate = 4 });
        temp.Db.Leads.SignalCount().ShouldBe(10);
    }

    [Fact]
    public void Import_RecordsEachRunInTheImportsLog()
    {
        using var temp = new TempDb();
        var file = temp.Write("leads.csv", "lead_id\nL1\n\nL2,extra\n");

        ImportRun.File(temp, ImportKind.Leads, file);

        var log = temp.Db.Connection.QuerySingle<(string Kind, string Source, long Read, long Inserted, long Rejected, string? Finished)>(
            "SELECT kind, source, read_rows, inserted, rejected, finished_at FROM imports");
        log.ShouldBe(("leads", file, 2L, 1L, 1L, "2026-11-20T12:00:00.0000000Z"));
    }

    private static string Snapshot(TempDb temp) => string.Join('\n', new[] { "leads", "signals", "deals", "dispositions" }.Select(table =>
        table + ": " + string.Join(" | ", temp.Db.Connection.Query($"SELECT * FROM {table} ORDER BY 1").Select(r => string.Join(",", ((IDictionary<string, object>)r).Values)))));
}
