using Dapper;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.SampleData;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Scores;

/// <summary>
/// Compact cards (migration 0007): history rows and newer current cards hold the per-lead part,
/// the rule set's part is stored once per rules hash, and every reader gets the card as scored.
/// A database of whole cards (made before) reads the same after the migration, beside new
/// compact rows. On SQLite and PostgreSQL.
/// </summary>
[Collection(TestPostgres.Collection)]
public sealed class CompactCardTests(TestPostgres postgres, ITestOutputHelper output)
{
    private static readonly DateTimeOffset Later = TempDb.Now.AddDays(9);

    [Fact]
    public void Sqlite_RescoredLeads_StoredCompact_ReadBackAsScored()
    {
        using var temp = new TempDb();
        RescoredLeads_StoredCompact_ReadBackAsScored(temp.Db.OpenAnother());
    }

    [SkippableFact]
    public void Postgres_RescoredLeads_StoredCompact_ReadBackAsScored()
    {
        postgres.SkipUnlessAvailable(output);
        RescoredLeads_StoredCompact_ReadBackAsScored(ScoreDatabase.Open(postgres.CreateDatabase(), TimeProvider.System));
    }

    [Fact]
    public void Sqlite_WholeCardsOfAnOlderDatabase_ReadTheSameAfterTheMigration_BesideNewCompactOnes()
    {
        using var temp = new TempDb();
        WholeCardsOfAnOlderDatabase_ReadTheSameAfterTheMigration(temp.Db.OpenAnother());
    }

    [Fact]
    public void AccountRollUp_FromCompactCards_IsTheRollUpFromWholeCards()
    {
        using var compact = new TempDb();
        using var whole = new TempDb();
        whole.Db.Scores.WriteCompact = false;

        var fromCompact = AccountCards(compact.Db);

        fromCompact.Count.ShouldBeGreaterThan(10);
        fromCompact.ShouldBe(AccountCards(whole.Db));
        whole.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores WHERE card LIKE '[%'").ShouldBe(0);
    }

    [SkippableFact]
    public void Postgres_WholeCardsOfAnOlderDatabase_ReadTheSameAfterTheMigration_BesideNewCompactOnes()
    {
        postgres.SkipUnlessAvailable(output);
        WholeCardsOfAnOlderDatabase_ReadTheSameAfterTheMigration(ScoreDatabase.Open(postgres.CreateDatabase(), TimeProvider.System));
    }

    [Fact]
    public void CardTheTemplateCannotRebuild_IsStoredWhole_AndReadsBack()
    {
        using var temp = new TempDb();
        var leads = Leads(20);
        temp.Db.Leads.Save(leads);
        var card = Scoring.Scorer.Score(leads[0], TempDb.Now);
        var odd = card with { Reasons = [.. card.Reasons, card.Reasons[0] with { Code = "fit.retired_rule", Points = 0.01m }] };
        odd = odd with { Dimensions = card.Dimensions.Select(d => d.Name == card.Reasons[0].Dimension ? d with { Raw = d.Raw + 0.01m } : d).ToArray() };

        temp.Db.Scores.Save([new ScoredLead(odd)], template: Scoring.Scorer.CardTemplate);

        temp.Db.Connection.ExecuteScalar<string>("SELECT card FROM scores").ShouldStartWith("{");
        ScoreCardJson.Serialize(temp.Db.Scores.Current(odd.LeadId)!.Card).ShouldBe(ScoreCardJson.Serialize(odd));
        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM card_templates").ShouldBe(1, "the template is stored for the next cards all the same");
    }

    [Fact]
    public void TemplateOfANewerFormatStored_CardsAreStoredWhole()
    {
        using var temp = new TempDb();
        var leads = Leads(30);
        temp.Db.Leads.Save(leads);
        temp.Db.Connection.Execute("INSERT INTO card_templates (rules_hash, template, created_at) VALUES (@Hash, '{\"format\":2}', '2026-12-01T00:00:00Z')",
            new { Scoring.Scorer.RuleSet.Identity.Hash });

        new Rescorer(temp.Db, Scoring.Scorer).RescoreAll(TempDb.Now);

        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores WHERE card LIKE '{%'").ShouldBe(30);
        ScoreCardJson.Serialize(temp.Db.Scores.Current(leads[0].LeadId)!.Card).ShouldBe(ScoreCardJson.Serialize(Scoring.Scorer.Score(leads[0], TempDb.Now)));
    }

    [Fact]
    public void CompactStoredCards_CardTheTemplateCannotRebuild_StaysWhole_AndTheRestMoveOn()
    {
        using var temp = new TempDb();
        var leads = Leads(12);
        temp.Db.Leads.Save(leads);
        temp.Db.Scores.WriteCompact = false;
        new Rescorer(temp.Db, Scoring.Scorer).RescoreAll(TempDb.Now);
        var card = Scoring.Scorer.Score(leads[3], TempDb.Now);
        var odd = ScoreCardJson.Serialize(card with { Reasons = [.. card.Reasons.Select(r => r with { Code = "fit.retired_rule" })] });
        temp.Db.Connection.Execute("UPDATE scores SET card = @Odd WHERE lead_id = @Lead", new { Odd = odd, Lead = leads[3].LeadId });

        temp.Db.Scores.CompactStoredCards(Scoring.Scorer.CardTemplate, batchSize: 2).ShouldBe((11L, 1L));

        temp.Db.Connection.ExecuteScalar<string>("SELECT card FROM scores WHERE lead_id = @Lead", new { Lead = leads[3].LeadId }).ShouldBe(odd);
        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores WHERE card LIKE '[%'").ShouldBe(11);
    }

    [Fact]
    public void CompactCardOfAMissingTemplate_FailsNamingIt()
    {
        using var temp = new TempDb();
        var leads = Leads(5);
        temp.Db.Leads.Save(leads);
        new Rescorer(temp.Db, Scoring.Scorer).RescoreAll(TempDb.Now);
        temp.Db.Connection.Execute("DELETE FROM card_templates");

        Should.Throw<FormatException>(() => temp.Reopen().Scores.Current(leads[0].LeadId)).Message.ShouldContain("card template 1");
    }

    private void RescoredLeads_StoredCompact_ReadBackAsScored(ScoreDatabase db)
    {
        using var _ = db;
        var leads = Leads(400);
        db.Leads.Save(leads);
        new Rescorer(db, Scoring.Scorer).RescoreAll(TempDb.Now);
        // A later rescore: changed scores append compact history, unchanged ones a compact current card.
        new Rescorer(db, Scoring.Scorer).RescoreAll(Later);

        db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM card_templates").ShouldBe(1);
        db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores WHERE card NOT LIKE '[%'").ShouldBe(0, "every history card compact");
        db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores_current WHERE card IS NOT NULL").ShouldBeGreaterThan(0, "some scores unchanged by the later rescore");
        db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores_current WHERE card NOT LIKE '[%'").ShouldBe(0, "every current card compact");
        output.WriteLine($"{db.Kind}: {db.Connection.ExecuteScalar<double>("SELECT AVG(LENGTH(card)) FROM scores"):N0} characters per history card");

        // Every reader, on a fresh connection (templates read from the database, not this writer's cache).
        using var reader = db.OpenAnother();
        var cards = new List<ScoreCard>();
        foreach (var lead in leads)
        {
            var current = reader.Scores.Current(lead.LeadId).ShouldNotBeNull();
            ScoreCardJson.Serialize(current.Card).ShouldBe(ScoreCardJson.Serialize(Scoring.Scorer.Score(lead, Later)), lead.LeadId);
            var history = reader.Scores.History(lead.LeadId);
            ScoreCardJson.Serialize(history[0].Card).ShouldBe(ScoreCardJson.Serialize(Scoring.Scorer.Score(lead, TempDb.Now)), lead.LeadId);
            cards.Add(current.Card);
        }

        cards.ShouldContain(c => c.Disqualified);
        cards.Select(c => c.Tier?.Tier).Distinct().Count().ShouldBeGreaterThan(2);
    }

    private static List<string> AccountCards(ScoreDatabase db)
    {
        db.Leads.Save(Leads(300));
        new Rescorer(db, Scoring.Scorer).RescoreAll(TempDb.Now);
        db.Accounts.Rescore(new Core.Accounts.AccountScorer(Scoring.Scorer.RuleSet), TempDb.Now);
        return db.Accounts.Top(10_000).Select(a => Core.Accounts.AccountCardJson.Serialize(a.Card)).ToList();
    }

    private void WholeCardsOfAnOlderDatabase_ReadTheSameAfterTheMigration(ScoreDatabase opened)
    {
        var db = opened;
        try
        {
            var leads = Leads(200);
            db.Leads.Save(leads);
            db.Scores.WriteCompact = false;
            new Rescorer(db, Scoring.Scorer).RescoreAll(TempDb.Now);
            db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores WHERE card NOT LIKE '{%'").ShouldBe(0, "written the way before compact cards");
            var before = leads.Select(l => Read(db, l.LeadId)).ToList();

            // Back to schema 6, as a database made before compact cards, then opened again.
            db.Connection.Execute("DROP TABLE card_templates; DELETE FROM schema_migrations WHERE version = 7");
            var reopened = db.OpenAnother();
            db.Dispose();
            db = reopened;
            db.AppliedMigrations.ShouldBe(["0007_card_templates.sql"]);

            leads.Select(l => Read(db, l.LeadId)).ToList().ShouldBe(before);

            // New cards go in compact beside the old whole ones, and both read back.
            new Rescorer(db, Scoring.Scorer).RescoreAll(Later);
            db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores WHERE card LIKE '[%'").ShouldBeGreaterThan(0);
            var afterRescore = leads.Select(l => Read(db, l.LeadId)).ToList();
            foreach (var (lead, old) in leads.Zip(before))
            {
                var history = db.Scores.History(lead.LeadId);
                ScoreCardJson.Serialize(history[0].Card).ShouldBe(old.Split('\n')[1]);
                ScoreCardJson.Serialize(db.Scores.Current(lead.LeadId)!.Card).ShouldBe(ScoreCardJson.Serialize(Scoring.Scorer.Score(lead, Later)));
            }

            // The old whole cards rewritten compact: nothing reads differently, nothing is left whole.
            var whole = db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores WHERE card LIKE '{%'")
                + db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores_current WHERE card LIKE '{%'");
            db.Scores.CompactStoredCards(Scoring.Scorer.CardTemplate, batchSize: 7).ShouldBe((whole, 0L));
            db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores WHERE card LIKE '{%'").ShouldBe(0);
            db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores_current WHERE card LIKE '{%'").ShouldBe(0);
            leads.Select(l => Read(db, l.LeadId)).ToList().ShouldBe(afterRescore);
            db.Scores.CompactStoredCards(Scoring.Scorer.CardTemplate).ShouldBe((0L, 0L), "nothing left to do");
        }
        finally
        {
            db.Dispose();
        }
    }

    /// <summary>A lead's current card and history as JSON, one per line.</summary>
    private static string Read(ScoreDatabase db, string leadId) =>
        string.Join('\n', db.Scores.History(leadId).Select(s => ScoreCardJson.Serialize(s.Card)).Prepend(ScoreCardJson.Serialize(db.Scores.Current(leadId)!.Card)));

    private static List<Lead> Leads(int count) =>
        SampleGenerator.Generate(new SampleOptions(count, 17, TempDb.Now)).Select(s => s.Lead).ToList();
}
