using Dapper;
using Microsoft.Data.Sqlite;
using RuleScoring.Core.Leads;
using RuleScoring.SampleData;
using RuleScoring.Storage.Import;
using RuleScoring.Storage.Lifecycle;
using RuleScoring.Storage.Reports;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Lifecycle;

public sealed class LifecycleStoreTests
{
    private static readonly DateTimeOffset Day0 = TempDb.Now.AddDays(-60);

    /// <summary>A VP at a good-fit company who asked for a demo <paramref name="demoDay"/> days after Day0 (tier A: MQL and SQL).</summary>
    private static Lead Hot(string id, int demoDay) => Lead.Create(id,
        new Dictionary<string, string>
        {
            ["email"] = $"{id}@northwind.com", ["employees"] = "300", ["industry"] = "Software", ["country"] = "United States",
            ["title"] = "VP Sales", ["function"] = "Sales", ["seniority"] = "vp", ["created_at"] = Timestamps.Format(Day0),
        },
        [new Signal("demo_request", Day0.AddDays(demoDay), $"{id}-demo")]);

    private static void ScoreAt(TempDb temp, Lead lead, int day) =>
        temp.Db.Scores.Save([new ScoredLead(Scoring.Scorer.Score(lead, Day0.AddDays(day)))]);

    private static void Import(TempDb temp, ImportKind kind, string csv) =>
        ImportRun.File(temp, kind, temp.Write($"{kind}-{Guid.NewGuid():N}.csv", csv)).Rejects.ShouldBeEmpty();

    [Fact]
    public void Update_ScoresDispositionsAndDeals_MoveTheLeadThroughTheStagesInTimeOrder()
    {
        using var temp = new TempDb();
        var lead = Hot("L-1", demoDay: 1);
        temp.Db.Leads.Save([lead]);
        ScoreAt(temp, lead, 0);
        ScoreAt(temp, lead, 2);
        Import(temp, ImportKind.Dispositions, $"lead_id,status,at\nL-1,accepted,{Timestamps.Format(Day0.AddDays(3))}\n");
        Import(temp, ImportKind.Deals, $"lead_id,outcome,created_at,closed_at\nL-1,won,{Timestamps.Format(Day0.AddDays(5))},{Timestamps.Format(Day0.AddDays(20))}\n");

        temp.Db.Lifecycle.Update().Transitions.ShouldBe(4);

        // Tier A carries both flags: the lead goes straight to SQL; acceptance after SQL moves nothing.
        temp.Db.Lifecycle.Transitions("L-1").Select(t => (t.FromStage, t.ToStage, (t.At - Day0).TotalDays)).ShouldBe(
        [
            (null, "inquiry", 0),
            ("inquiry", "sql", 2),
            ("sql", "opportunity", 5),
            ("opportunity", "won", 20),
        ]);
        temp.Db.Lifecycle.Update().Transitions.ShouldBe(0, "a second run appends nothing");
    }

    [Fact]
    public void Update_QualifyingAgainAfterWon_IsStoredAsARecycleWithItsReason()
    {
        using var temp = new TempDb();
        var lead = Hot("L-1", demoDay: 1);
        temp.Db.Leads.Save([lead]);
        ScoreAt(temp, lead, 2);
        Import(temp, ImportKind.Deals, $"lead_id,outcome,created_at,closed_at\nL-1,won,{Timestamps.Format(Day0.AddDays(3))},{Timestamps.Format(Day0.AddDays(4))}\n");
        temp.Db.Lifecycle.Update();

        var again = Lead.Create("L-1", lead.Attributes, [.. lead.Signals, new Signal("demo_request", Day0.AddDays(30), "L-1-demo-2")]);
        ScoreAt(temp, again, 31);
        temp.Db.Lifecycle.Update().Recycles.ShouldBe(1);

        var last = temp.Db.Lifecycle.Transitions("L-1")[^1];
        last.FromStage.ShouldBe("won");
        last.ToStage.ShouldBe("sql");
        last.Recycle.ShouldBeTrue();
        last.Reason.ShouldBe("qualified again (tier A) after won");
    }

    [Fact]
    public void Update_ScoreAtTheSameInstantTheDealCloses_IsDecidedOnce_NotAgainOnTheNextRun()
    {
        // The demo's weekly snapshot landed on the day a deal closed lost: the score sorts before the
        // close and moved nothing from opportunity. A second run saw it "at" the loss and stored
        // "qualified again after lost" for a card that came before the loss (found on the demo).
        using var temp = new TempDb();
        var lead = Hot("L-1", demoDay: 1);
        temp.Db.Leads.Save([lead]);
        ScoreAt(temp, lead, 2);
        Import(temp, ImportKind.Deals, $"lead_id,outcome,created_at,closed_at\nL-1,lost,{Timestamps.Format(Day0.AddDays(3))},{Timestamps.Format(Day0.AddDays(10))}\n");
        ScoreAt(temp, lead, 10);

        var first = temp.Db.Lifecycle.Update();
        var second = temp.Db.Lifecycle.Update();

        temp.Db.Lifecycle.Transitions("L-1").Select(t => t.ToStage).ShouldBe(["inquiry", "sql", "opportunity", "lost"]);
        first.Recycles.ShouldBe(0);
        second.Transitions.ShouldBe(0, "nothing new arrived: a second run appends nothing");
    }

    [Fact]
    public void Update_FirstCardEverAfterTheDealClosed_IsABackfillNotARecycle()
    {
        // A history scored once at the end: the lead's only card is dated after its won deal.
        using var temp = new TempDb();
        var lead = Hot("L-1", demoDay: 1);
        temp.Db.Leads.Save([lead]);
        Import(temp, ImportKind.Deals, $"lead_id,outcome,created_at,closed_at\nL-1,won,{Timestamps.Format(Day0.AddDays(3))},{Timestamps.Format(Day0.AddDays(4))}\n");
        ScoreAt(temp, lead, 5);

        var result = temp.Db.Lifecycle.Update();

        result.Recycles.ShouldBe(0);
        result.FirstScoredAfterClose.ShouldBe(1);
        temp.Db.Lifecycle.Transitions("L-1").Select(t => t.ToStage).ShouldBe(["inquiry", "opportunity", "won"]);

        // A later card, with new engagement, is a real return: the lead had a card before.
        var again = Lead.Create("L-1", lead.Attributes, [.. lead.Signals, new Signal("demo_request", Day0.AddDays(50), "L-1-demo-2")]);
        ScoreAt(temp, again, 51);
        temp.Db.Lifecycle.Update().Recycles.ShouldBe(1);
    }

    [Fact]
    public void Update_RejectedThenQualifiedAgain_IsARecycledLeadThatCameBack()
    {
        using var temp = new TempDb();
        var lead = Hot("L-1", demoDay: 1);
        temp.Db.Leads.Save([lead]);
        ScoreAt(temp, lead, 2);
        Import(temp, ImportKind.Dispositions, $"lead_id,status,at,reason\nL-1,rejected,{Timestamps.Format(Day0.AddDays(3))},no budget\n");
        var again = Lead.Create("L-1", lead.Attributes, [.. lead.Signals, new Signal("demo_request", Day0.AddDays(10), "L-1-demo-2")]);
        ScoreAt(temp, again, 11);

        temp.Db.Lifecycle.Update();

        var transitions = temp.Db.Lifecycle.Transitions("L-1");
        transitions.Select(t => t.ToStage).ShouldBe(["inquiry", "sql", "inquiry", "sql"]);
        transitions[2].Recycle.ShouldBeTrue();
        transitions[2].Reason.ShouldBe("rejected by sales: no budget");
        var funnel = new FunnelBuilder(temp.Db).Build();
        funnel.RecycledLeads.ShouldBe(1);
        funnel.RecycledCameBack.ShouldBe(1);
    }

    [Fact]
    public void Update_WonBeforeFirstContact_IsCountedAsWonAtFirstContact_WithTheReason()
    {
        using var temp = new TempDb();
        var firstContact = Day0.AddDays(10);
        var lead = Hot("L-1", demoDay: 1);
        temp.Db.Leads.Save([Lead.Create("L-1", new Dictionary<string, string>(lead.Attributes) { ["created_at"] = Timestamps.Format(firstContact) }, [])]);
        Import(temp, ImportKind.Deals, $"lead_id,outcome,created_at,closed_at\nL-1,won,{Timestamps.Format(Day0)},{Timestamps.Format(Day0.AddDays(5))}\n");

        temp.Db.Lifecycle.Update();

        var day = (DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        temp.Db.Lifecycle.Transitions("L-1").Select(t => (t.ToStage, t.At, t.Reason)).ShouldBe(
        [
            ("inquiry", firstContact, null),
            ("opportunity", firstContact, $"deal opened {day(Day0)}, before the lead's first contact: counted at {day(firstContact)}"),
            ("won", firstContact, $"deal won {day(Day0.AddDays(5))}, before the lead's first contact: counted at {day(firstContact)}"),
        ]);
        var funnel = new FunnelBuilder(temp.Db).Build();
        funnel.Stages[^1].Reached.ShouldBe(1, "a won deal is always counted");
        funnel.DealsCountedLate.ShouldBe(2);
        funnel.WonLeadsNotCounted.ShouldBe(0);
        temp.Db.Lifecycle.Update().Transitions.ShouldBe(0, "a second run appends nothing");
    }

    [Fact]
    public void Update_WonDealWithoutDates_AndADealImportedAfterLaterScores_AreBothCounted()
    {
        using var temp = new TempDb();
        var hot = Hot("L-1", demoDay: 1);
        temp.Db.Leads.Save([hot, Hot("L-2", demoDay: 1)]);
        ScoreAt(temp, hot, 30);
        temp.Db.Lifecycle.Update();
        Import(temp, ImportKind.Deals, $"lead_id,outcome,created_at,closed_at\nL-1,won,{Timestamps.Format(Day0.AddDays(2))},{Timestamps.Format(Day0.AddDays(9))}\nL-2,won,,\n");

        new FunnelBuilder(temp.Db).Build().WonLeadsNotCounted.ShouldBe(2, "imported since the last update");
        temp.Db.Lifecycle.Update();

        temp.Db.Lifecycle.Transitions("L-1")[^1].Reason.ShouldStartWith("deal won ");
        temp.Db.Lifecycle.Transitions("L-1")[^1].Reason!.ShouldEndWith(", before the lead's last move: counted at " + Day0.AddDays(30).UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        temp.Db.Lifecycle.Transitions("L-2").Select(t => t.ToStage).ShouldBe(["inquiry", "opportunity", "won"]);
        temp.Db.Lifecycle.Transitions("L-2")[^1].Reason!.ShouldStartWith("deal won without a close date: counted at ");
        var funnel = new FunnelBuilder(temp.Db).Build();
        funnel.Stages[^1].Reached.ShouldBe(2);
        funnel.WonLeadsNotCounted.ShouldBe(0);
    }

    [Fact]
    public void Funnel_QualifiedAgainAfterWon_IsARecycledLeadThatCameBack_SameDefinitionAsTheTransitions()
    {
        using var temp = new TempDb();
        var lead = Hot("L-1", demoDay: 1);
        temp.Db.Leads.Save([lead]);
        ScoreAt(temp, lead, 2);
        Import(temp, ImportKind.Deals, $"lead_id,outcome,created_at,closed_at\nL-1,won,{Timestamps.Format(Day0.AddDays(3))},{Timestamps.Format(Day0.AddDays(4))}\n");
        temp.Db.Lifecycle.Update();
        ScoreAt(temp, Lead.Create("L-1", lead.Attributes, [.. lead.Signals, new Signal("demo_request", Day0.AddDays(30), "L-1-demo-2")]), 31);
        temp.Db.Lifecycle.Update();

        var funnel = new FunnelBuilder(temp.Db).Build();

        funnel.RecycledLeads.ShouldBe(1);
        funnel.RecycledCameBack.ShouldBe(1, "qualifying again is coming back");
        funnel.RecycleKinds.ShouldBe([("qualified again by score", 1L)]);
    }

    [Fact]
    public void Transitions_AreAppendOnly()
    {
        using var temp = new TempDb();
        temp.Db.Leads.Save([Hot("L-1", 1)]);
        temp.Db.Lifecycle.Update();

        Should.Throw<SqliteException>(() => temp.Db.Connection.Execute("UPDATE lifecycle_transitions SET to_stage = 'won'")).Message.ShouldContain("append-only");
        Should.Throw<SqliteException>(() => temp.Db.Connection.Execute("DELETE FROM lifecycle_transitions")).Message.ShouldContain("append-only");
    }

    [Fact]
    public void Funnel_OnSampleData_MatchesADirectCountOverTheStoredTransitions()
    {
        using var temp = new TempDb();
        var folder = Path.Combine(temp.Folder, "sample");
        SampleCsvWriter.Write(folder, SampleGenerator.Generate(new SampleOptions(Leads: 400, Seed: 7, End: TempDb.Now)));
        foreach (var (kind, file) in new[] { (ImportKind.Leads, SampleCsvWriter.LeadsFile), (ImportKind.Signals, SampleCsvWriter.SignalsFile),
            (ImportKind.Deals, SampleCsvWriter.DealsFile), (ImportKind.Dispositions, SampleCsvWriter.DispositionsFile) })
        {
            ImportRun.File(temp, kind, Path.Combine(folder, file)).Rejects.ShouldBeEmpty();
        }

        for (var week = 12; week >= 0; week -= 4)
        {
            new Rescorer(temp.Db, Scoring.Scorer).RescoreAll(TempDb.Now.AddDays(-7 * week));
        }

        temp.Db.Lifecycle.Update();
        var funnel = new FunnelBuilder(temp.Db).Build();

        long Direct(string stages) => temp.Db.Connection.ExecuteScalar<long>(
            $"SELECT COUNT(DISTINCT lead_id) FROM lifecycle_transitions WHERE to_stage IN ({stages})");
        funnel.Stages.Select(s => s.Reached).ShouldBe(
        [
            Direct("'inquiry','mql','sal','sql','opportunity','won','lost'"),
            Direct("'mql','sal','sql','opportunity','won','lost'"),
            Direct("'sal','sql','opportunity','won','lost'"),
            Direct("'sql','opportunity','won','lost'"),
            Direct("'opportunity','won','lost'"),
            Direct("'won'"),
        ]);
        funnel.Stages[0].Reached.ShouldBe(400);
        funnel.Stages.ShouldAllBe(s => s.Reached > 0, "the sample reaches every stage");
        funnel.Lost.ShouldBe(Direct("'lost'"));
        funnel.Stages[1].ConversionToNext!.Value.ShouldBe(funnel.Stages[2].Reached / (double)funnel.Stages[1].Reached, 1e-12);
        funnel.RecycleTransitions.ShouldBe(temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM lifecycle_transitions WHERE recycle = 1"));
        funnel.RecycledLeads.ShouldBe(temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(DISTINCT lead_id) FROM lifecycle_transitions WHERE recycle = 1"));
        funnel.Transitions.ShouldBe(temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM lifecycle_transitions"));
        funnel.RecycleKinds.Sum(k => k.Transitions).ShouldBe(funnel.RecycleTransitions);
        funnel.RecycledCameBack.ShouldBeGreaterThanOrEqualTo(temp.Db.Connection.ExecuteScalar<long>(
            "SELECT COUNT(DISTINCT lead_id) FROM lifecycle_transitions WHERE recycle = 1 AND to_stage IN ('mql', 'sql')"), "a lead that qualified again came back");
        funnel.WonLeadsNotCounted.ShouldBe(0);
        funnel.Stages[5].Reached.ShouldBe(temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(DISTINCT lead_id) FROM deals WHERE outcome = 'won'"), "every won deal's lead");

        // Median days in MQL, straight from the table: each MQL entry to the lead's next move.
        var days = temp.Db.Connection.Query<double>("""
            SELECT julianday(n.at) - julianday(t.at) FROM lifecycle_transitions t
            JOIN lifecycle_transitions n ON n.id = (SELECT MIN(id) FROM lifecycle_transitions x WHERE x.lead_id = t.lead_id AND x.id > t.id)
            WHERE t.to_stage = 'mql' ORDER BY 1
            """).ToList();
        funnel.Stages[1].MovedOn.ShouldBe(days.Count);
        if (days.Count > 0)
        {
            var median = days.Count % 2 == 1 ? days[days.Count / 2] : (days[days.Count / 2 - 1] + days[days.Count / 2]) / 2;
            funnel.Stages[1].MedianDaysInStage!.Value.ShouldBe(median, 0.001);
        }

        funnel.ByCohort.Sum(c => c.Reached[0]).ShouldBe(400);
        funnel.ByTier.Sum(c => c.Reached[5]).ShouldBe(funnel.Stages[5].Reached);
    }
}
