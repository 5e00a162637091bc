using Dapper;
using RuleScoring.Core.Scoring;
using RuleScoring.SampleData;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Scores;

/// <summary>
/// Cards encoded and fingerprinted on the scoring threads (<see cref="CardEncoding"/>) are stored
/// exactly as the writer would have stored them itself; a preparation made against another
/// template is worked out again, never stored as it came.
/// </summary>
public sealed class CardEncodingTests
{
    private static readonly DateTimeOffset Later = TempDb.Now.AddDays(9);

    [Fact]
    public void Rescore_CardsPreparedOnTheScoringThreads_StoresWhatTheWriterWorksOutItself()
    {
        using var prepared = new TempDb();
        using var byWriter = new TempDb();
        var leads = SampleGenerator.Generate(new SampleOptions(300, 23, TempDb.Now)).Select(s => s.Lead).ToList();
        prepared.Db.Leads.Save(leads);
        byWriter.Db.Leads.Save(leads);

        foreach (var asOf in new[] { TempDb.Now, Later })
        {
            new Rescorer(prepared.Db, Scoring.Scorer).RescoreAll(asOf, batchSize: 64);
            // The writer's own way: cards with nothing worked out beforehand.
            var cards = byWriter.Db.Leads.ReadPage(null, leads.Count, createdBy: asOf).Select(l => l.With(Scoring.Scorer.Score(l.Lead, asOf))).ToList();
            cards.ShouldAllBe(c => c.Prepared == null);
            byWriter.Db.Scores.Save(cards, template: Scoring.Scorer.CardTemplate);
        }

        var history = Rows(prepared.Db, "SELECT lead_id || ' ' || as_of || ' ' || card FROM scores ORDER BY lead_id, id");
        history.Count.ShouldBeGreaterThan(leads.Count, "the later rescore appended changed scores");
        history.ShouldBe(Rows(byWriter.Db, "SELECT lead_id || ' ' || as_of || ' ' || card FROM scores ORDER BY lead_id, id"));
        var current = Rows(prepared.Db, "SELECT lead_id || ' ' || card_sha || ' ' || COALESCE(card, '-') FROM scores_current ORDER BY lead_id");
        current.ShouldContain(row => !row.EndsWith(" -", StringComparison.Ordinal), "some scores unchanged by the later rescore keep a newer current card");
        current.ShouldBe(Rows(byWriter.Db, "SELECT lead_id || ' ' || card_sha || ' ' || COALESCE(card, '-') FROM scores_current ORDER BY lead_id"));
    }

    [Fact]
    public void Save_CardPreparedAgainstAnotherTemplate_IsEncodedAgainByTheWriter()
    {
        using var temp = new TempDb();
        var lead = HotLeads.Hot("L-1", "vp@acme.com", TempDb.Now);
        temp.Db.Leads.Save([lead]);
        var card = Scoring.Scorer.Score(lead, TempDb.Now);
        var stale = new ScoredLead(card) { Prepared = new PreparedCard(ScoreStore.ScoreFingerprint(card), "[2,999,\"L-1\"]", TemplateId: 999) };

        temp.Db.Scores.Save([stale], template: Scoring.Scorer.CardTemplate);

        var stored = temp.Db.Connection.ExecuteScalar<string>("SELECT card FROM scores")!;
        stored.ShouldStartWith("[2,1,");
        ScoreCardJson.Serialize(temp.Db.Scores.Current("L-1")!.Card).ShouldBe(ScoreCardJson.Serialize(card));
    }

    [Fact]
    public void For_TemplateAlreadyFound_RunsNoStatement()
    {
        using var temp = new TempDb();
        var first = CardEncoding.For(temp.Db, Scoring.Scorer.CardTemplate);
        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM card_templates").ShouldBe(1, "stored before the first batch");

        // A transaction already open on the connection (a worker's claim) would refuse another.
        using var open = temp.Db.Connection.BeginTransaction();
        var again = Should.NotThrow(() => CardEncoding.For(temp.Db, Scoring.Scorer.CardTemplate));
        var card = Scoring.Scorer.Score(HotLeads.Hot("L-2", "vp@acme.com", TempDb.Now), TempDb.Now);
        again.Prepare(new ScoredLead(card)).Prepared.ShouldBe(first.Prepare(new ScoredLead(card)).Prepared);
    }

    [Fact]
    public void For_TemplateStoredBefore_OnlyReads_WhileAnotherWriterHoldsTheLock()
    {
        // A worker's first tick after a restart, while an import holds SQLite's one write lock.
        using var temp = new TempDb();
        var stored = CardEncoding.For(temp.Db, Scoring.Scorer.CardTemplate);
        using var worker = temp.Db.OpenAnother();
        using var import = temp.Db.Connection.BeginTransaction();

        var encoding = Should.NotThrow(() => CardEncoding.For(worker, Scoring.Scorer.CardTemplate));

        var card = Scoring.Scorer.Score(HotLeads.Hot("L-3", "vp@acme.com", TempDb.Now), TempDb.Now);
        encoding.Prepare(new ScoredLead(card)).Prepared.ShouldBe(stored.Prepare(new ScoredLead(card)).Prepared);
    }

    private static List<string> Rows(ScoreDatabase db, string sql) => [.. db.Connection.Query<string>(sql)];
}
