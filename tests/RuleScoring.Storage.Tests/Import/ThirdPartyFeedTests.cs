using Dapper;
using RuleScoring.Core.Rules;
using RuleScoring.Storage.Import;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Import;

/// <summary>Account-level feeds (a row per company domain) through the real importer into a real SQLite file.</summary>
public sealed class ThirdPartyFeedTests
{
    private static string Sample(string name) => Path.Combine(Repo.Root, "tests", "RuleScoring.Storage.Tests", "Import", "Samples", name);

    private static TempDb WithLeads()
    {
        var temp = new TempDb();
        var leads = temp.Write("leads.csv", """
            lead_id,email,domain,title
            L-1,dana@acme.com,,VP Sales
            L-2,ops@gmail.com,www.Acme.com,RevOps
            L-3,bo@globex.io,,Director
            L-4,kim@gmail.com,,Student
            """);
        ImportRun.File(temp, ImportKind.Leads, leads).Rejects.ShouldBeEmpty();
        return temp;
    }

    private static List<(string LeadId, string Type, string Topic, double? Value, string OccurredAt, string EventId, string Source)> Signals(TempDb temp) =>
        temp.Db.Connection.Query<(string, string, string, double?, string, string, string)>(
            "SELECT lead_id, type, topic, value, occurred_at, event_id, source FROM signals ORDER BY lead_id, occurred_at, topic").ToList();

    [Fact]
    public void Import_BomboraStyleSurge_GivesEveryLeadOfTheDomainASignal_AndReportsDomainsWithoutLeads()
    {
        using var temp = WithLeads();

        var (result, rejects) = ImportRun.File(temp, ImportKind.Signals, Sample("bombora-surge.csv"), Repo.Mapping("bombora-surge.json"));

        rejects.ShouldHaveSingleItem().Line.ShouldBe(6);
        rejects[0].Reason.ShouldContain("domain \"initech.com\" has no leads");
        result.Counts.ShouldBe(result.Counts with { Read = 5, Inserted = 7, Duplicate = 0, Rejected = 1 });
        ImportNotes.Of(result).ShouldContain(n => n.StartsWith("4 row(s) of 2 domain(s) became 7 signal(s) for 3 lead(s); 1 row(s) of 1 domain(s) without leads", StringComparison.Ordinal));
        var signals = Signals(temp);
        signals.Where(s => s.LeadId == "L-1").Select(s => (s.Type, s.Topic, s.Value, s.Source)).ShouldBe(
        [
            ("topic_surge", "Lead Scoring", 64, "bombora"), ("topic_surge", "Lead Scoring", 78, "bombora"), ("topic_surge", "Revenue Operations", 55, "bombora"),
        ]);
        signals.Where(s => s.LeadId == "L-2").Select(s => (s.Topic, s.Value)).ShouldBe(signals.Where(s => s.LeadId == "L-1").Select(s => (s.Topic, s.Value)), "the domain column (www. and case aside) puts L-2 in acme.com");
        signals.Where(s => s.LeadId == "L-3").Select(s => (s.Topic, s.Value)).ShouldBe([("Marketing Automation", 91)]);
        signals.ShouldNotContain(s => s.LeadId == "L-4");
        signals.First(s => s.LeadId == "L-1").EventId.ShouldBe("topic_surge|acme.com|lead scoring|2026-11-02T00:00:00Z");

        var card = Support.Scoring.Scorer.Score(temp.Db.Leads.Get("L-1").ShouldNotBeNull().Lead, TempDb.Now);
        card.Reasons.Select(r => r.Code).ShouldContain("intent.topic_surge");
    }

    [Fact]
    public void Import_SameFeedTwice_AddsNothingTheSecondTime()
    {
        using var temp = WithLeads();
        ImportRun.File(temp, ImportKind.Signals, Sample("bombora-surge.csv"), Repo.Mapping("bombora-surge.json"));
        var before = Signals(temp);

        var (again, rejects) = ImportRun.File(temp, ImportKind.Signals, Sample("bombora-surge.csv"), Repo.Mapping("bombora-surge.json"));

        again.Counts.ShouldBe(again.Counts with { Read = 5, Inserted = 0, Duplicate = 7, Rejected = 1 });
        rejects.Single().Line.ShouldBe(6);
        Signals(temp).ShouldBe(before);
    }

    [Fact]
    public void Import_G2StyleBuyerIntent_OneSignalPerLeadPageAndDay_AndTheIntentRuleFires()
    {
        using var temp = WithLeads();

        var (result, rejects) = ImportRun.File(temp, ImportKind.Signals, Sample("g2-buyer-intent.csv"), Repo.Mapping("g2-buyer-intent.json"));

        rejects.ShouldHaveSingleItem().Line.ShouldBe(5);
        rejects[0].Reason.ShouldContain("umbrella.example");
        result.Counts.ShouldBe(result.Counts with { Read = 4, Inserted = 3, Duplicate = 2, Rejected = 1 }, "two activities on one page and day are one event");
        var signals = Signals(temp);
        signals.Select(s => (s.LeadId, s.Type, s.Topic, s.Source)).ShouldBe(
        [
            ("L-1", "g2_buyer_intent", "Lead Scoring Software", "g2"), ("L-2", "g2_buyer_intent", "Lead Scoring Software", "g2"),
            ("L-3", "g2_buyer_intent", "RuleScoring (product profile)", "g2"),
        ]);
        var card = Support.Scoring.Scorer.Score(temp.Db.Leads.Get("L-3").ShouldNotBeNull().Lead, TempDb.Now);
        card.Reasons.Select(r => r.Code).ShouldContain("intent.g2_buyer_intent");
    }

    [Fact]
    public void Import_LeadInTheDomainsAccount_GetsTheSignalToo()
    {
        using var temp = WithLeads();
        var lead = temp.Write("more.csv", "lead_id,email,account_id\nL-5,pat@acme-europe.de,acme.com\n");
        ImportRun.File(temp, ImportKind.Leads, lead).Rejects.ShouldBeEmpty();
        // As account rescoring writes it: L-5's explicit account id is acme.com.
        temp.Db.Connection.Execute("INSERT INTO lead_accounts (lead_id, account_key, updated_at) VALUES ('L-5', 'acme.com', '2026-11-20T00:00:00.000Z'), ('L-1', 'acme.com', '2026-11-20T00:00:00.000Z')");

        ImportRun.File(temp, ImportKind.Signals, Sample("g2-buyer-intent.csv"), Repo.Mapping("g2-buyer-intent.json"));

        Signals(temp).Where(s => s.Topic == "Lead Scoring Software").Select(s => s.LeadId).ShouldBe(["L-1", "L-2", "L-5"]);
    }

    [Fact]
    public void Import_BadFeedRows_AreRejectedWithLineAndReason_GoodRowsStillLand()
    {
        using var temp = WithLeads();
        var file = temp.Write("surge.csv", """
            Domain,Topic Name,Composite Score,Week
            acme.com,Lead Scoring,high,2026-11-09
            not a domain,Lead Scoring,70,2026-11-09
            ,Lead Scoring,70,2026-11-09
            globex.io,Lead Scoring,70,11/09/2026
            globex.io,Lead Scoring,70,2026-11-09
            """);

        var (result, rejects) = ImportRun.File(temp, ImportKind.Signals, file, Repo.Mapping("bombora-surge.json"));

        rejects.Select(r => (r.Line, r.Reason)).ShouldBe(
        [
            (2, "value \"high\" is not a number"),
            (3, "domain \"not a domain\" is not a company domain (e.g. acme.com)"),
            (4, "domain is missing or empty"),
            (5, "occurred_at \"11/09/2026\" is not an ISO 8601 timestamp (e.g. 2026-11-20 or 2026-11-20T14:05:00Z)"),
        ]);
        result.Counts.Inserted.ShouldBe(1);
    }

    [Fact]
    public void Import_FeedWithoutDomainColumn_FailsNamingTheFileAndColumn()
    {
        using var temp = WithLeads();
        var file = temp.Write("surge.csv", "Company,Topic Name,Composite Score,Week\nAcme,Lead Scoring,70,2026-11-09\n");

        var ex = Should.Throw<ImportException>(() => ImportRun.File(temp, ImportKind.Signals, file, Repo.Mapping("bombora-surge.json")));

        ex.Message.ShouldContain("surge.csv:1: the header has no \"domain\" column");
        temp.Db.Leads.SignalCount().ShouldBe(0);
    }

    [Fact]
    public void Mapping_FanoutOnAnotherKind_IsRejectedNamingTheFile()
    {
        var ex = Should.Throw<ImportException>(() => ImportMapping.Parse("""{ "kind": "leads", "fanout": "domain" }""", "x.json"));
        ex.Message.ShouldStartWith("x.json: fanout \"domain\" is for signals");
        Should.Throw<ImportException>(() => ImportMapping.Parse("""{ "kind": "signals", "fanout": "account" }""", "y.json")).Message.ShouldContain("only \"domain\"");
    }

    [Theory]
    [InlineData("bombora-surge.json")]
    [InlineData("g2-buyer-intent.json")]
    public void FeedMapping_SignalType_IsInTheShippedCatalogueAndUsedByARule(string mapping)
    {
        var type = ImportMapping.Load(Repo.Mapping(mapping)).Defaults["type"];
        var rules = RuleSetLoader.Load(Repo.Rules);

        rules.SignalCatalogue.Keys.ShouldContain(type);
        File.ReadAllText(Path.Combine(Repo.Rules, "intent.json")).ShouldContain($"\\\"{type}\\\"");
    }
}
