using Dapper;
using RuleScoring.Storage.Import;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Import;

public sealed class MappingTests
{
    [Fact]
    public void Import_HubSpotContactsExport_WithTheShippedMapping_GivesLeadsTheRulesUnderstand()
    {
        using var temp = new TempDb();
        var file = temp.Write("hubspot-contacts.csv", """
            Record ID,First Name,Last Name,Email,Phone Number,Company Name,Job Title,Country/Region,Industry,Number of Employees,Lifecycle Stage,Create Date,Contact owner
            51,Dana,Reyes,dana@northwind.com,+1 555 0100,Northwind,VP Sales,United States,COMPUTER_SOFTWARE,100-500,marketingqualifiedlead,2026-03-15 10:22,Sam Lee
            52,Ola,Berg,ola@fjord.no,,Fjord AS,Student,Norway,Information Technology and Services,1-5,Lead,2026-03-16,
            53,Kim,Park,kim@park.kr,,Park Co,Manager,South Korea,Retail,ten,Lead,2026-03-16,
            """);

        var (result, rejects) = ImportRun.File(temp, ImportKind.Leads, file, Repo.Mapping("hubspot-contacts.json"));

        result.Counts.ShouldBe(result.Counts with { Read = 3, Inserted = 2, Rejected = 1 });
        rejects.ShouldHaveSingleItem().Reason.ShouldBe("employees \"ten\" is not a whole number");
        var dana = temp.Db.Leads.Get("51").ShouldNotBeNull();
        dana.Lead.Attributes["employees"].ShouldBe("300");
        dana.Lead.Attributes["industry"].ShouldBe("computer software");
        dana.Lead.Attributes["lifecycle_stage"].ShouldBe("marketing qualified lead");
        dana.Lead.Attributes["company"].ShouldBe("Northwind");
        dana.Lead.Attributes["first_name"].ShouldBe("Dana");
        dana.Lead.Attributes["owner"].ShouldBe("Sam Lee");
        dana.CreatedAt.ShouldBe(new DateTimeOffset(2026, 3, 15, 10, 22, 0, TimeSpan.Zero));

        var card = Scoring.Scorer.Score(dana.Lead, TempDb.Now);
        card.Reasons.Select(r => r.Code).ShouldContain("fit.target_industry");
        card.Reasons.Select(r => r.Code).ShouldContain("fit.size_core");
        card.Reasons.Select(r => r.Code).ShouldContain("fit.executive");
        card.Reasons.Select(r => r.Code).ShouldContain("fit.served_geography");
        var ola = Scoring.Scorer.Score(temp.Db.Leads.Get("52").ShouldNotBeNull().Lead, TempDb.Now);
        ola.Reasons.Select(r => r.Code).ShouldContain("fit.under_10_employees");
        ola.Reasons.Select(r => r.Code).ShouldContain("fit.target_industry");
    }

    [Fact]
    public void Import_SalesforceLeadsReport_WithTheShippedMapping_MapsLabelsAndPicklists()
    {
        using var temp = new TempDb();
        var file = temp.Write("salesforce-leads.csv", """
            Lead ID,First Name,Last Name,Title,Company / Account,Email,Lead Source,Lead Status,Industry,No. of Employees,Country,Rating,Create Date
            00Q5g00000AbCdEAAV,Ana,Silva,Director of Marketing,Brightline,ana@brightline.io,Web,Open - Not Contacted,Technology,250,Canada,Hot,2026-02-01T09:30:00.000Z
            """);

        var (result, rejects) = ImportRun.File(temp, ImportKind.Leads, file, Repo.Mapping("salesforce-leads.json"));

        rejects.ShouldBeEmpty();
        result.Counts.Inserted.ShouldBe(1);
        var ana = temp.Db.Leads.Get("00Q5g00000AbCdEAAV").ShouldNotBeNull();
        ana.Lead.Attributes["industry"].ShouldBe("information technology");
        ana.Lead.Attributes["lead_source"].ShouldBe("Web");
        ana.Lead.Attributes["company"].ShouldBe("Brightline");
        ana.CreatedAt.ShouldBe(new DateTimeOffset(2026, 2, 1, 9, 30, 0, TimeSpan.Zero));
        Scoring.Scorer.Score(ana.Lead, TempDb.Now).Reasons.Select(r => r.Code).ShouldContain("fit.director");
    }

    [Fact]
    public void Import_WithAMappingForAnotherKind_FailsNamingTheMapping()
    {
        using var temp = new TempDb();
        var file = temp.Write("deals.csv", "Record ID\n1\n");

        var ex = Should.Throw<ImportException>(() => ImportRun.File(temp, ImportKind.Deals, file, Repo.Mapping("hubspot-contacts.json")));

        ex.Message.ShouldContain("hubspot-contacts.json is a mapping for leads, not deals");
    }

    [Theory]
    [InlineData("{\"kind\": \"leads\", \"colums\": {}}", "colums")]
    [InlineData("{\"kind\": \"leeds\"}", "kind \"leeds\"")]
    [InlineData("{\"columns\": {\"A\": \"lead_id\"}, \"ignore\": [\"a\"]}", "both mapped and ignored")]
    [InlineData("{\"columns\": {\"A\": \"lead_id\",}", "not a valid mapping")]
    public void Parse_BadMapping_FailsNamingTheFileAndTheProblem(string json, string expected)
    {
        var ex = Should.Throw<ImportException>(() => ImportMapping.Parse(json, "my-map.json"));

        ex.Message.ShouldStartWith("my-map.json");
        ex.Message.ShouldContain(expected);
    }

    [Fact]
    public void Import_TwoColumnsBecomingOne_FailsNamingBoth()
    {
        using var temp = new TempDb();
        var file = temp.Write("sf.csv", "Lead ID,Company,Company / Account\n1,A,B\n");

        var ex = Should.Throw<ImportException>(() => ImportRun.File(temp, ImportKind.Leads, file, Repo.Mapping("salesforce-leads.json")));

        ex.Message.ShouldContain("\"Company\" and \"Company / Account\" both become \"company\"");
    }

    [Fact]
    public void Import_DefaultsAndEmptyValues_FillAndClearCells()
    {
        using var temp = new TempDb();
        ImportRun.Leads(temp, "L1");
        var map = temp.Write("map.json", """
            { "kind": "signals", "columns": { "Contact": "lead_id", "Activity": "type", "When": "occurred_at" },
              "values": { "type": { "Demo Requested": "demo_request" } },
              "empty": ["n/a"], "defaults": { "source": "crm-export", "topic": "general" } }
            """);
        var file = temp.Write("activities.csv", "Contact,Activity,When,Topic\nL1,Demo Requested,2026-11-19,N/A\n");

        var (result, rejects) = ImportRun.File(temp, ImportKind.Signals, file, map);

        rejects.ShouldBeEmpty();
        result.Counts.Inserted.ShouldBe(1);
        temp.Db.Connection.QuerySingle<(string Type, string Topic, string Source)>("SELECT type, topic, source FROM signals")
            .ShouldBe(("demo_request", "general", "crm-export"));
    }

    [SkippableFact]
    public void Import_XEducationLeadsAndOutcomes_WithTheShippedMappings_DropsLeakyColumns()
    {
        var data = Repo.SharedData(Path.Combine("x-education-leads", "Leads.csv"));
        Skip.If(data is null, "shared/data/x-education-leads/Leads.csv is not beside the repository (it is never committed)");
        using var temp = new TempDb();

        var (leads, leadRejects) = ImportRun.File(temp, ImportKind.Leads, data, Repo.Mapping("x-education-leads.json"));
        var (deals, dealRejects) = ImportRun.File(temp, ImportKind.Deals, data, Repo.Mapping("x-education-deals.json"));

        leadRejects.ShouldBeEmpty();
        leads.Counts.ShouldBe(leads.Counts with { Read = 9240, Inserted = 9240, Rejected = 0 });
        ImportNotes.Of(leads).ShouldHaveSingleItem().ShouldContain("\"Tags\"");
        var keys = temp.Db.Connection.Query<string>("SELECT DISTINCT j.key FROM leads, json_each(leads.attributes) j").ToList();
        keys.ShouldNotContain("tags");
        keys.ShouldNotContain("lead quality");
        keys.ShouldNotContain("converted");
        keys.ShouldContain("lead_origin");
        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM leads WHERE attributes LIKE '%\"Select\"%'").ShouldBe(0, "'Select' means unanswered");

        dealRejects.ShouldBeEmpty();
        deals.Counts.Inserted.ShouldBe(9240);
        temp.Db.Connection.Query<(string Outcome, long Count)>("SELECT outcome, COUNT(*) FROM deals GROUP BY outcome ORDER BY outcome")
            .ShouldBe([("lost", 5679L), ("won", 3561L)]);
    }
}
