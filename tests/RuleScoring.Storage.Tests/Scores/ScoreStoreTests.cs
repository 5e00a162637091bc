using Dapper;
using Microsoft.Data.Sqlite;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Scores;

public sealed class ScoreStoreTests
{
    private static readonly DateTimeOffset[] AsOfTimes =
    [
        new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero),
        new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero),
        new(2027, 1, 20, 8, 30, 0, TimeSpan.Zero),
        new(2027, 6, 1, 0, 0, 0, TimeSpan.Zero),
    ];

    [Fact]
    public void History_AfterRescoringAtSeveralTimes_EveryRowsReasonsSumExactlyToItsStoredDimensions()
    {
        using var temp = new TempDb();
        SampleLeads.Store(temp);
        var rescorer = new Rescorer(temp.Db, Scoring.Scorer);
        foreach (var asOf in AsOfTimes)
        {
            rescorer.RescoreAll(asOf, batchSize: 3).Scored.ShouldBe(SampleLeads.All.Count);
        }

        var rows = 0;
        foreach (var lead in SampleLeads.All)
        {
            var history = temp.Db.Scores.History(lead.LeadId);
            history.Count.ShouldBeGreaterThan(0);
            history.Select(h => h.AsOf).ShouldBeInOrder();
            foreach (var row in history)
            {
                rows++;
                foreach (var dimension in row.Card.Dimensions)
                {
                    var sum = row.Card.Reasons.Where(r => r.Dimension == dimension.Name).Sum(r => r.Points);
                    row.StoredRaw(dimension.Name).ShouldBe(sum, $"{lead.LeadId} as of {row.AsOf:O}, {dimension.Name}");
                    dimension.Raw.ShouldBe(sum);
                }

                row.Composite.ShouldBe(row.Card.Composite);
                row.FitScore.ShouldBe(row.Card.Fit.Score);
                row.Tier.ShouldBe(row.Card.Tier?.Tier);
                // The stored card is the card the scorer gives for the same lead at the same time.
                ScoreCardJson.Serialize(row.Card).ShouldBe(ScoreCardJson.Serialize(Scoring.Scorer.Score(lead, row.AsOf)));
            }
        }

        rows.ShouldBeGreaterThan(SampleLeads.All.Count * 2, "decay must have moved most scores between the as-of times");
        temp.Db.Scores.History("L-1001").Select(h => h.Tier).Distinct().Count().ShouldBeGreaterThan(1, "a hot lead cools down");
    }

    [Fact]
    public void RescoreAll_TwiceAtTheSameTime_AppendsNoHistoryTheSecondTime()
    {
        using var temp = new TempDb();
        SampleLeads.Store(temp);
        var rescorer = new Rescorer(temp.Db, Scoring.Scorer);

        var first = rescorer.RescoreAll(AsOfTimes[0]);
        var second = rescorer.RescoreAll(AsOfTimes[0]);

        first.HistoryRows.ShouldBe(SampleLeads.All.Count);
        first.TierChanges.ShouldBe(SampleLeads.All.Count, "a first tier is a change");
        second.Scored.ShouldBe(SampleLeads.All.Count);
        second.HistoryRows.ShouldBe(0);
        second.TierChanges.ShouldBe(0);
        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores").ShouldBe(SampleLeads.All.Count);
    }

    [Fact]
    public void RescoreAll_BeforeAnyScoreCanChange_AppendsNoHistory_ButTheCurrentCardMovesToTheNewTime()
    {
        using var temp = new TempDb();
        SampleLeads.Store(temp);
        var rescorer = new Rescorer(temp.Db, Scoring.Scorer);
        rescorer.RescoreAll(AsOfTimes[0]);
        var nextChange = temp.Db.Connection.ExecuteScalar<DateTimeOffset>("SELECT MIN(next_change_at) FROM scores_current");
        var later = nextChange.AddMinutes(-1);
        later.ShouldBeGreaterThan(AsOfTimes[0]);

        var quiet = rescorer.RescoreAll(later);
        var moved = rescorer.RescoreAll(nextChange.AddDays(1));

        quiet.HistoryRows.ShouldBe(0, "no lead's points, tier or reasons can change before its next_change_at");
        moved.HistoryRows.ShouldBeGreaterThan(0);
        var quietLead = SampleLeads.All.Select(l => l.LeadId).First(id => temp.Db.Scores.History(id).Count == 1);
        var current = temp.Db.Scores.Current(quietLead)!;
        current.Card.AsOf.ShouldBe(nextChange.AddDays(1), "the current card is the latest rescore");
        current.Id.ShouldBe(temp.Db.Scores.History(quietLead).Single().Id, "...pointing at the row where its score last changed");
        current.Card.Composite.ShouldBe(temp.Db.Scores.History(quietLead).Single().Composite);
    }

    [Fact]
    public void Save_TierChanges_GoToTheOutboxInOrder_AndOpenOrSupersedeSlaTasks()
    {
        using var temp = new TempDb();
        var lead = SampleLeads.All.Single(l => l.LeadId == "L-1001");
        temp.Db.Leads.Save([lead]);
        var hot = Scoring.Scorer.Score(lead, AsOfTimes[0]);
        var cold = Scoring.Scorer.Score(lead, AsOfTimes[3]);
        hot.Tier!.Tier.ShouldBe("A");
        cold.Tier!.Tier.ShouldNotBe("A");

        temp.Db.Scores.Save([new ScoredLead(hot)]).ShouldBe(new ScoreSaveResult(1, 1, 1, 1));
        var changes = temp.Db.Scores.ChangesAfter(0);
        temp.Db.Scores.Save([new ScoredLead(cold)]).TierChanges.ShouldBe(1);
        var later = temp.Db.Scores.ChangesAfter(changes[^1].Id);

        changes.ShouldHaveSingleItem().ShouldBe(changes[0] with { LeadId = "L-1001", FromTier = null, ToTier = "A", Composite = hot.Composite });
        later.ShouldHaveSingleItem().FromTier.ShouldBe("A");
        later[0].ToTier.ShouldBe(cold.Tier.Tier);
        later[0].Id.ShouldBeGreaterThan(changes[0].Id);
        temp.Db.Scores.ChangesAfter(later[0].Id).ShouldBeEmpty();

        var tasks = temp.Db.Connection.Query<(string Tier, string Status, string DueAt)>("SELECT tier, status, due_at FROM sla_tasks ORDER BY id").ToList();
        tasks[0].Tier.ShouldBe("A");
        tasks[0].DueAt.ShouldBe("2026-11-20T12:15:00.0000000Z", "tier A's SLA is 15 minutes from the score");
        tasks[0].Status.ShouldBe("superseded", "the lead left the tier that asked for the follow-up");
        tasks.Count(t => t.Status == "open").ShouldBe(cold.Tier.FollowUpBy is null ? 0 : 1);
        temp.Db.Scores.Current("L-1001").ShouldNotBeNull().PreviousTier.ShouldBe("A");
    }

    [Fact]
    public void Save_ABatchWrittenInSeveralStatements_IdsFollowTheBatchOrder_AndEachCurrentRowPointsAtItsOwnHistoryRow()
    {
        using var temp = new TempDb();
        SampleLeads.Store(temp);
        // Reversed, so the batch order is not the lead id order; ten cards take two history statements.
        var cards = SampleLeads.All.Reverse().Select(l => new ScoredLead(Scoring.Scorer.Score(l, AsOfTimes[0]))).ToList();

        temp.Db.Scores.Save(cards);

        var order = cards.Select(c => c.Card.LeadId).ToList();
        temp.Db.Connection.Query<string>("SELECT lead_id FROM scores ORDER BY id").ShouldBe(order);
        temp.Db.Scores.ChangesAfter(0).Select(c => c.LeadId).ShouldBe(order.Where(id => cards.Single(c => c.Card.LeadId == id).Card.Tier is not null));
        temp.Db.Connection.Query<(string, string)>("SELECT c.lead_id, s.lead_id FROM scores_current c JOIN scores s ON s.id = c.score_id")
            .ShouldAllBe(pair => pair.Item1 == pair.Item2);
        foreach (var card in cards)
        {
            ScoreCardJson.Serialize(temp.Db.Scores.Current(card.Card.LeadId).ShouldNotBeNull().Card).ShouldBe(ScoreCardJson.Serialize(card.Card));
        }
    }

    [Fact]
    public void Current_IsTheLastStoredCard_ExactlyAsScored()
    {
        using var temp = new TempDb();
        SampleLeads.Store(temp);
        var cards = SampleLeads.All.Select(l => new ScoredLead(Scoring.Scorer.Score(l, AsOfTimes[1]))).ToList();

        temp.Db.Scores.Save(cards);

        foreach (var card in cards)
        {
            var current = temp.Db.Scores.Current(card.Card.LeadId).ShouldNotBeNull();
            ScoreCardJson.Serialize(current.Card).ShouldBe(ScoreCardJson.Serialize(card.Card));
            current.ScoredAt.ShouldBe(TempDb.Now);
        }

        temp.Db.Scores.Current("nobody").ShouldBeNull();
        temp.Db.Connection.Query<string>("SELECT rules_version || ' ' || rules_hash FROM rule_versions")
            .ShouldHaveSingleItem().ShouldBe($"{cards[0].Card.Rules.Version} {cards[0].Card.Rules.Hash}");
    }

    [Fact]
    public void Save_FailingMidBatch_LeavesNothingOfTheBatch()
    {
        using var temp = new TempDb();
        SampleLeads.Store(temp);
        var cards = SampleLeads.All.Select(l => new ScoredLead(Scoring.Scorer.Score(l, AsOfTimes[0]))).ToList();
        temp.Db.Connection.Execute("""
            CREATE TRIGGER boom BEFORE INSERT ON scores_current WHEN NEW.lead_id = 'L-1007'
            BEGIN SELECT RAISE(ABORT, 'disk on fire'); END
            """);

        Should.Throw<StorageException>(() => temp.Db.Scores.Save(cards)).Message.ShouldContain("disk on fire");

        foreach (var table in new[] { "scores", "scores_current", "score_changes", "sla_tasks", "rule_versions" })
        {
            temp.Db.Connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table}").ShouldBe(0, table);
        }

        temp.Db.Connection.Execute("DROP TRIGGER boom");
        temp.Db.Scores.Save(cards).HistoryRows.ShouldBe(cards.Count);
    }

    [Fact]
    public void RescoreAll_FailingOnALaterPage_KeepsTheEarlierPagesWhole_AndAgainFinishes()
    {
        using var temp = new TempDb();
        SampleLeads.Store(temp);
        // Pages of 3 in id order: L-1001..1003, L-1004..1006, L-1007..1009, L-1010.
        temp.Db.Connection.Execute("""
            CREATE TRIGGER boom BEFORE INSERT ON scores_current WHEN NEW.lead_id = 'L-1008'
            BEGIN SELECT RAISE(ABORT, 'disk on fire'); END
            """);
        var rescorer = new Rescorer(temp.Db, Scoring.Scorer);

        Should.Throw<StorageException>(() => rescorer.RescoreAll(AsOfTimes[0], batchSize: 3)).Message.ShouldContain("disk on fire");

        temp.Db.Connection.Query<string>("SELECT lead_id FROM scores_current ORDER BY lead_id")
            .ShouldBe(["L-1001", "L-1002", "L-1003", "L-1004", "L-1005", "L-1006"]);
        temp.Db.Connection.Execute("DROP TRIGGER boom");
        var again = rescorer.RescoreAll(AsOfTimes[0], batchSize: 3);
        again.Scored.ShouldBe(10);
        again.HistoryRows.ShouldBe(4, "the first two pages were already stored as of this time");
    }

    [Fact]
    public void Save_OneLeadTwiceInABatch_IsACallerBug()
    {
        using var temp = new TempDb();
        SampleLeads.Store(temp);
        var card = new ScoredLead(Scoring.Scorer.Score(SampleLeads.All[0], AsOfTimes[0]));

        Should.Throw<ArgumentException>(() => temp.Db.Scores.Save([card, card])).Message.ShouldContain("L-1001");
    }

    [Fact]
    public void DueLeads_AreThoseWhoseScoreMovesByThen_IncludingASignalDatedAfterTheScore()
    {
        using var temp = new TempDb();
        var asOf = AsOfTimes[0];
        var decaying = Lead.Create("decaying", [new("email", "x@acme.com")], [new Signal("demo_request", asOf.AddDays(-1), "e1")]);
        var future = Lead.Create("future", [new("email", "y@acme.com")], [new Signal("pricing_view", asOf.AddHours(6), "e1")]);
        var still = Lead.Create("still", [new("email", "z@acme.com")]);
        temp.Db.Leads.Save([decaying, future, still]);

        new Rescorer(temp.Db, Scoring.Scorer).RescoreAll(asOf);

        var decayAt = Scoring.Scorer.Score(decaying, asOf).NextChangeAt.ShouldNotBeNull();
        temp.Db.Scores.Current("future").ShouldNotBeNull().NextChangeAt.ShouldBeNull("the card itself sees nothing that decays");
        temp.Db.Scores.DueLeads(asOf).ShouldBeEmpty();
        temp.Db.Scores.DueLeads(asOf.AddHours(6)).ShouldBe(["future"], "its signal starts to count then");
        decayAt.ShouldBeGreaterThan(asOf.AddHours(6));
        temp.Db.Scores.DueLeads(decayAt).ShouldBe(["future", "decaying"], "soonest first");
        temp.Db.Scores.DueLeads(asOf.AddYears(5)).ShouldNotContain("still");
    }

    [Fact]
    public void SaveLead_WithNoAttributes_KeepsTheStoredOnes()
    {
        using var temp = new TempDb();
        SampleLeads.Store(temp);
        temp.Db.Leads.Save([Lead.Create("L-1003", signals: [new Signal("demo_request", AsOfTimes[1], "new-1")])]);
        temp.Db.Leads.Get("L-1003").ShouldNotBeNull().Lead.Attributes["company"].ShouldBe("Fabrikam", "saving a lead with no attributes keeps the ones it has");
    }
}
