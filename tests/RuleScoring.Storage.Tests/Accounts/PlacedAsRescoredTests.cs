using Dapper;
using RuleScoring.Core.Leads;
using RuleScoring.Storage.Accounts;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Accounts;

/// <summary>
/// The account roll-up after a whole rescore takes each lead's account and contact as the rescore
/// placed them, only while nothing was written beside it: a lead moved to another company between
/// the rescore and its roll-up, by another connection or this one, is placed by what is stored.
/// </summary>
public sealed class PlacedAsRescoredTests
{
    private static readonly DateTimeOffset AsOf = TempDb.Now.AddDays(-1);

    [Fact]
    public void Rollup_NothingWrittenBeside_PlacesEveryLeadAsRescored_SameRowsAsReadingThem()
    {
        using var held = new TempDb();
        using var read = new TempDb();
        var contacts = Rescore(held.Db);
        Rescore(read.Db);

        var rollup = held.Db.Accounts.Rescore(AccountStoreTests.Accounts.Value, AsOf, fresh: contacts);
        read.Db.Accounts.Rescore(AccountStoreTests.Accounts.Value, AsOf);

        rollup.PlacedAsRescored.ShouldBe(Leads().Count);
        rollup.Contacts.Read.ShouldBe(0);
        Mapping(held.Db).ShouldBe(Mapping(read.Db));
        Cards(held.Db).ShouldBe(Cards(read.Db));
    }

    [Fact]
    public void Rollup_AnotherConnectionMovedALead_ReadsEveryLead_PlacesItAtItsNewCompany()
    {
        using var temp = new TempDb();
        var contacts = Rescore(temp.Db);
        using (var other = ScoreDatabase.Open(temp.DbPath, temp.Clock))
        {
            other.Leads.Save([Moved()]);
        }

        var rollup = temp.Db.Accounts.Rescore(AccountStoreTests.Accounts.Value, AsOf, fresh: contacts);

        rollup.PlacedAsRescored.ShouldBe(0);
        temp.Db.Accounts.KeyOf("L-1").ShouldBe("moved.example");
        Members(temp.Db, "moved.example").ShouldBe(["L-1"]);
        Members(temp.Db, "acme.example").ShouldBe(["L-2", "L-3"]);
    }

    [Fact]
    public void Rollup_ThisConnectionMovedALead_ReadsEveryLead_PlacesItAtItsNewCompany()
    {
        using var temp = new TempDb();
        var contacts = Rescore(temp.Db);
        temp.Db.Leads.Save([Moved()]);

        var rollup = temp.Db.Accounts.Rescore(AccountStoreTests.Accounts.Value, AsOf, fresh: contacts);

        rollup.PlacedAsRescored.ShouldBe(0);
        temp.Db.Accounts.KeyOf("L-1").ShouldBe("moved.example");
        Members(temp.Db, "acme.example").ShouldBe(["L-2", "L-3"]);
    }

    [Fact]
    public void Rollup_AnotherConnectionStoredANewerCard_TakesTheStoredCardNotTheHeldContact()
    {
        using var temp = new TempDb();
        var contacts = Rescore(temp.Db);
        using (var other = ScoreDatabase.Open(temp.DbPath, temp.Clock))
        {
            // A demo request since, scored: the lead stays at its company with a higher score.
            other.Leads.Save([Lead.Create("L-2", new Dictionary<string, string>(), [new("demo_request", AsOf.AddHours(-2), "d1")])]);
            var lead = other.Leads.GetMany(["L-2"]).Single();
            other.Scores.Save([lead.With(Scoring.Scorer.Score(lead.Lead, AsOf))]);
        }

        var rollup = temp.Db.Accounts.Rescore(AccountStoreTests.Accounts.Value, AsOf, fresh: contacts);

        rollup.PlacedAsRescored.ShouldBe(0);
        rollup.Contacts.Read.ShouldBe(1);
        var stored = temp.Db.Scores.Current("L-2")!.Card.Composite;
        stored.ShouldNotBe(HeldComposite(contacts, temp.Db));
        temp.Db.Accounts.Current("acme.example")!.Card.Contacts.Single(c => c.LeadId == "L-2").Composite.ShouldBe(stored);
    }

    private static decimal HeldComposite(FreshContacts contacts, ScoreDatabase db)
    {
        contacts.TryGetHeld("L-2", out var contact).ShouldBeTrue();
        return contact.Composite;
    }

    private static FreshContacts Rescore(ScoreDatabase db)
    {
        db.Leads.Save(Leads());
        var contacts = new FreshContacts(AccountStoreTests.Accounts.Value);
        new Rescorer(db, Scoring.Scorer, contacts).RescoreAll(AsOf);
        return contacts;
    }

    private static List<Lead> Leads()
    {
        Signal[] signals = [new("pricing_view", AsOf.AddDays(-3), "p1"), new("webinar_attended", AsOf.AddDays(-20), "w1")];
        return
        [
            Lead.Create("L-1", new Dictionary<string, string> { ["email"] = "ann@acme.example", ["title"] = "VP Sales", ["seniority"] = "vp" }, signals),
            Lead.Create("L-2", new Dictionary<string, string> { ["email"] = "bob@acme.example", ["title"] = "Engineer" }, signals[..1]),
            Lead.Create("L-3", new Dictionary<string, string> { ["email"] = "cy@acme.example" }, []),
            Lead.Create("L-4", new Dictionary<string, string> { ["email"] = "dee@gmail.com" }, signals),
            Lead.Create("L-5", new Dictionary<string, string> { ["email"] = "eve@other.example", ["title"] = "CFO" }, signals),
        ];
    }

    private static Lead Moved() => Lead.Create("L-1", new Dictionary<string, string> { ["email"] = "ann@moved.example" }, []);

    private static List<string> Members(ScoreDatabase db, string key) =>
        db.Accounts.Current(key)!.Card.Contacts.Select(c => c.LeadId).Order(StringComparer.Ordinal).ToList();

    private static List<string> Mapping(ScoreDatabase db) =>
        db.Connection.Query<string>("SELECT lead_id || '>' || account_key FROM lead_accounts ORDER BY lead_id").ToList();

    private static List<string> Cards(ScoreDatabase db) =>
        db.Connection.Query<string>(
            "SELECT c.account_key || '|' || COALESCE(c.card, s.card) FROM account_scores_current c JOIN account_scores s ON s.id = c.score_id ORDER BY c.account_key").ToList();
}

/// <summary>
/// The roll-up stores chunk by chunk while the next chunk is scored on another thread: a store that
/// fails keeps the chunks committed before it, stores nothing of its own or of any chunk after it,
/// and the next roll-up finishes the job.
/// </summary>
public sealed class RollupFailureTests
{
    [Fact]
    public void Rollup_StoreFailsInTheSecondChunk_FirstChunkKept_NothingAfter_NextRollupFinishes()
    {
        using var temp = new TempDb();
        var asOf = TempDb.Now.AddDays(-1);
        temp.Db.Leads.Save([.. Enumerable.Range(0, 1200).Select(i =>
            Lead.Create($"L-{i:D4}", new Dictionary<string, string> { ["email"] = $"a@c{i:D4}.example" }, [new("pricing_view", asOf.AddDays(-2), $"p{i}")]))]);
        var contacts = new FreshContacts(AccountStoreTests.Accounts.Value);
        new Rescorer(temp.Db, Scoring.Scorer, contacts).RescoreAll(asOf);
        temp.Db.Connection.Execute("""
            CREATE TRIGGER fail_one BEFORE INSERT ON account_scores WHEN NEW.account_key = 'c0700.example'
            BEGIN SELECT RAISE(ABORT, 'no room left (test)'); END
            """);

        Should.Throw<Microsoft.Data.Sqlite.SqliteException>(() => temp.Db.Accounts.Rescore(AccountStoreTests.Accounts.Value, asOf, fresh: contacts))
            .Message.ShouldContain("no room left");

        // Chunks of 500 accounts in key order: the first is stored whole, the second and third not at all.
        var stored = temp.Db.Connection.Query<string>("SELECT account_key FROM account_scores_current ORDER BY account_key").ToList();
        stored.ShouldBe([.. Enumerable.Range(0, 500).Select(i => $"c{i:D4}.example")]);
        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM account_scores").ShouldBe(500);

        temp.Db.Connection.Execute("DROP TRIGGER fail_one");
        var again = temp.Db.Accounts.Rescore(AccountStoreTests.Accounts.Value, asOf);
        again.Accounts.ShouldBe(1200);
        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM account_scores_current").ShouldBe(1200);
        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM account_scores").ShouldBe(1200);
    }
}
