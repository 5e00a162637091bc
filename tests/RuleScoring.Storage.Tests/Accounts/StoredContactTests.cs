using Dapper;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Leads;
using RuleScoring.SampleData;
using RuleScoring.Storage.Accounts;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Accounts;

/// <summary>
/// A lead's account classification kept beside its current card (scores_current.contact, migration
/// 0015, PostgreSQL): a roll-up that did not classify the lead itself (another worker scored it)
/// takes it with the card and reads no signals; it is taken only for the card's as-of and rules,
/// cleared when the lead's attributes change, and never written on SQLite.
/// </summary>
[Collection(TestPostgres.Collection)]
public sealed class StoredContactTests(TestPostgres postgres, ITestOutputHelper output)
{
    private static readonly DateTimeOffset AsOf = TempDb.Now.AddDays(-1);

    [Theory]
    [InlineData("economic_buyer", true, false)]
    [InlineData("champion: technical", false, true)]
    [InlineData(null, true, true)]
    [InlineData(null, false, false)]
    public void EncodeThenDecode_GivesTheContactClassifyingTheCardGives(string? role, bool engaged, bool researching)
    {
        var card = Scoring.Scorer.Score(Lead.Create("L-1", new Dictionary<string, string> { ["email"] = "a@acme.example" }, []), AsOf.AddMilliseconds(250));
        var contact = new AccountContact(card.LeadId, role, engaged, researching, card.Fit.Score, card.Intent.Score, card.Behavior.Score, card.Composite, card.Tier?.Tier, card.Disqualified);
        var text = StoredContact.Encode(new FreshContacts.Entry(card.LeadId, "acme.example", contact, card.AsOf.UtcTicks, 0));

        StoredContact.TryDecode(text, card.AsOf.UtcTicks, card, out var decoded).ShouldBeTrue(text);
        decoded.ShouldBe(contact);
        StoredContact.TryDecode(text, card.AsOf.UtcTicks + 1, card, out _).ShouldBeFalse("classified at another as-of");
    }

    [Fact]
    public void Encode_NoAccountOrAFailedClassification_KeepsNothing()
    {
        var contact = new AccountContact("L-1", null, false, false, 1, 2, 3, 4, null, false);
        StoredContact.Encode(new FreshContacts.Entry("L-1", null, null, 1, 0)).ShouldBeNull();
        StoredContact.Encode(new FreshContacts.Entry("L-1", "acme.example", contact with { Errors = ["contacts.engaged: boom"] }, 1, 0)).ShouldBeNull();
        StoredContact.TryDecode("not a contact", 1, Scoring.Scorer.Score(Lead.Create("L-1", new Dictionary<string, string>(), []), AsOf), out _).ShouldBeFalse();
    }

    [SkippableFact]
    public void Rollup_Postgres_ClassificationsKeptByTheBatches_ReadNoLeadBack_UntilItsAttributesChange()
    {
        postgres.SkipUnlessAvailable(output);
        using var clock = new TempDb();
        var leads = Leads();
        using var db = ScoredInBatches(clock, leads);
        var scorer = AccountStoreTests.Accounts.Value;
        var inAccounts = leads.Count(l => scorer.KeyOf(l) is not null);
        db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores_current WHERE contact IS NOT NULL").ShouldBe(inAccounts);

        // Another worker's roll-up: none of these contacts in memory.
        var rollup = db.Accounts.Rescore(scorer, AsOf);
        rollup.Contacts.Read.ShouldBe(0);
        rollup.KeptContacts.ShouldBe(inAccounts);

        // A new title: the card is due again and its kept classification no longer stands.
        var moved = leads.First(l => scorer.KeyOf(l) is not null);
        db.Leads.Save([Lead.Create(moved.LeadId, new Dictionary<string, string>(moved.Attributes) { ["title"] = "Chief Revenue Officer" }, moved.Signals)]);
        db.Connection.ExecuteScalar<string?>("SELECT contact FROM scores_current WHERE lead_id = @Id", new { Id = moved.LeadId }).ShouldBeNull();
        var after = db.Accounts.Rescore(scorer, AsOf, [moved.LeadId]);
        after.Contacts.Read.ShouldBe(1);
    }

    [SkippableFact]
    public void Rollup_Postgres_KeptUnderOtherRules_IsClassifiedAgain()
    {
        postgres.SkipUnlessAvailable(output);
        using var clock = new TempDb();
        var leads = Leads();
        using var db = ScoredInBatches(clock, leads);
        var scorer = AccountStoreTests.Accounts.Value;
        db.Connection.Execute("UPDATE scores_current SET rules_hash = 'another-rule-set'");

        var rollup = db.Accounts.Rescore(scorer, AsOf);
        rollup.KeptContacts.ShouldBe(0);
        rollup.Contacts.Read.ShouldBe(leads.Count(l => scorer.KeyOf(l) is not null));
    }

    [Fact]
    public void Rescore_Sqlite_KeepsNoClassification()
    {
        using var temp = new TempDb();
        temp.Db.Leads.Save(Leads());
        new Rescorer(temp.Db, Scoring.Scorer, new FreshContacts(AccountStoreTests.Accounts.Value)).RescoreAll(AsOf, batchSize: 50);
        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores_current").ShouldBeGreaterThan(0);
        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores_current WHERE contact IS NOT NULL").ShouldBe(0);
    }

    [Fact]
    public void Open_Sqlite_ADatabaseFromBefore_GetsTheColumnEmpty()
    {
        using var temp = new TempDb();
        temp.Db.Leads.Save(Leads());
        new Rescorer(temp.Db, Scoring.Scorer).RescoreAll(AsOf);
        var scored = temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores_current");
        temp.Db.Connection.Execute("ALTER TABLE scores_current DROP COLUMN contact; DELETE FROM schema_migrations WHERE version = 15");

        using var reopened = temp.Db.OpenAnother();
        reopened.AppliedMigrations.ShouldBe(["0015_current_contact.sql"]);
        reopened.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores_current WHERE contact IS NULL").ShouldBe(scored);
    }

    /// <summary>A PostgreSQL database with these leads scored by batches that classify them, as a worker's tick does.</summary>
    private ScoreDatabase ScoredInBatches(TempDb clock, List<Lead> leads)
    {
        var db = ScoreDatabase.Open(postgres.CreateDatabase(), clock.Clock);
        db.Leads.Save(leads);
        new Rescorer(db, Scoring.Scorer, new FreshContacts(AccountStoreTests.Accounts.Value)).RescoreAll(AsOf, batchSize: 50);
        return db;
    }

    private static List<Lead> Leads() =>
        SampleGenerator.Generate(new SampleOptions(Leads: 200, Seed: 11, End: TempDb.Now, Committees: 0.5)).Select(s => s.Lead).ToList();
}
