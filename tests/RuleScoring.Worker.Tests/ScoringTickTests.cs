using Dapper;
using RuleScoring.Core.Leads;
using RuleScoring.Storage.Worker;
using RuleScoring.Worker.Scoring;
using RuleScoring.Worker.Tests.Support;

namespace RuleScoring.Worker.Tests;

public sealed class ScoringTickTests : IDisposable
{
    private readonly WorkerFixture _w = new();

    public void Dispose() => _w.Dispose();

    [Fact]
    public void Tick_FreshDatabase_ScoresEveryLeadOnceForTheRules()
    {
        _w.StoreSample(300);

        var first = _w.Tick();
        var second = _w.Tick();

        first.ForRules.ShouldBe(300);
        first.Scored.ShouldBe(300);
        _w.Db.Scores.CountScored().ShouldBe(300);
        second.Scored.ShouldBe(0, "nothing changed between the two ticks and the clock did not move");
    }

    [Fact]
    public void Tick_RollsUpAccounts_SaysHowManyAndInWhatTime()
    {
        _w.StoreSample(300);
        _w.Rules.Refresh(_w.Db);
        var log = new ListLogger();

        var tick = new ScoringTick(_w.Db, _w.Rules.Current!, 100, log).Run(_w.Clock.GetUtcNow());
        var quiet = new ScoringTick(_w.Db, _w.Rules.Current!, 100, log).Run(_w.Clock.GetUtcNow());

        tick.Accounts.ShouldBeGreaterThan(0);
        var rolledUp = log.Messages.Where(m => m.StartsWith("Accounts: ", StringComparison.Ordinal)).ToList();
        rolledUp.Count.ShouldBe(1, "the tick that scored leads rolls up their accounts; the next one has none marked and says nothing");
        rolledUp[0].ShouldStartWith($"Accounts: {tick.Accounts} rolled up in ");
        rolledUp[0].ShouldContain("0 passed over while another worker held them");
        quiet.Accounts.ShouldBe(0);
    }

    [Fact]
    public void ClaimDue_EveryLeadDueAtOneInstant_TakesBatchesInIdOrderWithoutSortingThemAll()
    {
        _w.StoreSample(300);
        _w.Tick();
        // Signals from an export with dates only (or imported with one timestamp): one decay boundary for all.
        _w.Db.Connection.Execute("UPDATE scores_current SET next_change_at = (SELECT MIN(next_change_at) FROM scores_current)");

        var plan = string.Join(" | ", _w.Db.Connection.Query("EXPLAIN QUERY PLAN " + _w.Db.Worker.ClaimDueSql,
            new { AsOf = DateTimeOffset.MaxValue, Limit = 50 }).Select(row => (string)row.detail));
        var taken = new List<string>();
        for (var batch = 0; batch < 10; batch++)
        {
            using var claim = _w.Db.Worker.ClaimDue(DateTimeOffset.MaxValue, 50);
            if (claim.LeadIds.Count == 0)
            {
                break;
            }

            taken.AddRange(claim.LeadIds);
            // Leave each lead as claimed (SQLite holds no claim): the next batch starts after it.
            _w.Db.Connection.Execute($"UPDATE scores_current SET next_change_at = NULL WHERE lead_id IN ({string.Join(", ", claim.LeadIds.Select(id => $"'{id}'"))})");
        }

        plan.ShouldContain("ix_current_due");
        plan.ShouldNotContain("TEMP B-TREE", customMessage: "the index gives the claim's order: " + plan);
        taken.Count.ShouldBe(300);
        taken.ShouldBe(taken.Order(StringComparer.Ordinal).ToList(), "at one instant, lead id decides");
    }

    /// <summary>Every message logged, formatted.</summary>
    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }

    [Fact]
    public void Tick_StoresCompactCards_ThatReadBackAsScored()
    {
        var leads = _w.StoreSample(120);

        _w.Tick();

        _w.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM card_templates").ShouldBe(1);
        _w.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores WHERE card NOT LIKE '[%'").ShouldBe(0, "the worker stores cards compact");
        var scorer = _w.Rules.Current.ShouldNotBeNull().Scorer;
        using var reader = _w.Db.OpenAnother();
        foreach (var lead in leads)
        {
            var stored = reader.Scores.Current(lead.LeadId).ShouldNotBeNull().Card;
            Core.Scoring.ScoreCardJson.Serialize(stored).ShouldBe(Core.Scoring.ScoreCardJson.Serialize(scorer.Score(lead, stored.AsOf)), lead.LeadId);
        }
    }

    [Fact]
    public void Tick_ADayLater_ScoresOnlyTheLeadsWhoseDecayBoundaryPassed()
    {
        _w.StoreSample(300);
        _w.Tick();
        _w.Clock.Advance(TimeSpan.FromDays(1));
        var due = _w.Db.Scores.DueLeads(_w.Clock.GetUtcNow(), 10_000);

        var tick = _w.Tick();

        due.Count.ShouldBeGreaterThan(0, "a year of signals has some decay boundary in any day");
        due.Count.ShouldBeLessThan(300, "quiet leads have nothing due");
        tick.ForDecay.ShouldBe(due.Count);
        tick.ForRules.ShouldBe(0);
        tick.ForSignals.ShouldBe(0);
        _w.Db.Scores.DueLeads(_w.Clock.GetUtcNow(), 10_000).ShouldBeEmpty("each due lead's next change moved past now");
    }

    [Fact]
    public void Tick_DemoRequestArrives_ScoresThatLeadAloneAndWritesTheTierChange()
    {
        var lead = new Lead("L-9001", new Dictionary<string, string>
        {
            ["email"] = "pat@acme-logistics.com", ["employees"] = "300", ["industry"] = "Software", ["country"] = "United States",
            ["title"] = "VP Sales", ["function"] = "Sales",
        }, [new Signal("pricing_view", WorkerFixture.Start.AddDays(-2))]);
        _w.StoreSample(50);
        _w.Db.Leads.Save([lead]);
        _w.Tick();
        var before = _w.Db.Scores.Current("L-9001")!.Card;
        var outbox = _w.Db.Scores.ChangesAfter(0, 10_000).Count;
        _w.Clock.Advance(TimeSpan.FromMinutes(5));

        _w.Db.Leads.AddSignals([("L-9001", new Signal("demo_request", _w.Clock.GetUtcNow().AddMinutes(-1), "evt-1"))]).UnknownLeads.ShouldBeEmpty();
        var tick = _w.Tick();

        tick.ForSignals.ShouldBe(1);
        var after = _w.Db.Scores.Current("L-9001")!.Card;
        after.Tier!.Tier.ShouldNotBe(before.Tier!.Tier);
        after.Tier.Tier.ShouldBe("A");
        after.Reasons.ShouldContain(r => r.Code == "intent.demo_request");
        var changes = _w.Db.Scores.ChangesAfter(0, 10_000);
        // The tier change, then (tier A is routed) its routing.
        changes.Count.ShouldBe(outbox + 2);
        changes[^2].LeadId.ShouldBe("L-9001");
        changes[^2].FromTier.ShouldBe(before.Tier.Tier);
        changes[^2].ToTier.ShouldBe("A");
        changes[^1].Kind.ShouldBe("routed");
        changes[^1].LeadId.ShouldBe("L-9001");
        _w.Db.Routing.ForLead("L-9001").ShouldNotBeNull().Tier.ShouldBe("A");
    }

    [Fact]
    public void Tick_LeadImportedAgainWithSixEmployees_ScoresThatLeadAloneWithNoSignalOrDecay()
    {
        var attributes = new Dictionary<string, string>
        {
            ["email"] = "pat@acme-logistics.com", ["employees"] = "300", ["industry"] = "Software", ["country"] = "United States",
            ["title"] = "VP Sales", ["function"] = "Sales",
        };
        _w.StoreSample(50);
        _w.Db.Leads.Save([new Lead("L-9002", attributes, [new Signal("pricing_view", WorkerFixture.Start.AddDays(-2))])]);
        _w.Tick();
        var before = _w.Db.Scores.Current("L-9002")!.Card;
        _w.Clock.Advance(TimeSpan.FromMinutes(5));

        _w.Db.Leads.Save([new Lead("L-9002", new Dictionary<string, string>(attributes) { ["employees"] = "6" }, [])]).LeadsUpdated.ShouldBe(1);
        var tick = _w.Tick();

        tick.Scored.ShouldBe(1);
        tick.ForDecay.ShouldBe(1);
        var card = _w.Db.Scores.Current("L-9002")!.Card;
        card.Reasons.ShouldContain(r => r.Code == "fit.under_10_employees");
        card.Composite.ShouldBeLessThan(before.Composite);
        card.AsOf.ShouldBe(_w.Clock.GetUtcNow());
    }

    [Fact]
    public void Tick_SignalsImportedAfterAStopBeforeTheCursorMoved_AreScoredNextTick()
    {
        _w.StoreSample(40);
        _w.Tick();
        var lead = _w.Db.Leads.ReadPage(null, 1)[0].Lead.LeadId;
        _w.Db.Leads.AddSignals([(lead, new Signal("pricing_view", WorkerFixture.Start.AddHours(-1), "evt-p"))]);
        using var stopped = new CancellationTokenSource();
        stopped.Cancel();

        var interrupted = _w.Tick(cancellationToken: stopped.Token);
        var resumed = _w.Tick();

        interrupted.Completed.ShouldBeFalse();
        interrupted.Scored.ShouldBe(0);
        resumed.ForSignals.ShouldBe(1);
        _w.Db.Scores.Current(lead)!.Card.Reasons.ShouldContain(r => r.Code.StartsWith("intent.pricing", StringComparison.Ordinal));
        _w.Db.Worker.GetCursor(WorkerStore.SignalCursor).ShouldBe(_w.Db.Connection.ExecuteScalar<long>("SELECT MAX(seq) FROM signals"));
    }

    [Fact]
    public void Tick_NewRuleVersion_RescoresEveryLeadOnceUnderIt()
    {
        _w.StoreSample(120);
        _w.Tick();
        var oldHash = _w.Rules.Current!.Identity.Hash;
        _w.EditJson("behavior.json", w => WorkerFixture.Rule(w, "behavior.email_click")["Properties"]!["points"] = 6);
        var version = _w.BumpVersion();

        var tick = _w.Tick();
        var next = _w.Tick();

        _w.Rules.Rejected.ShouldBeNull(string.Join("\n", _w.Rules.Rejected?.Problems ?? []));
        _w.Rules.Current!.Identity.Hash.ShouldNotBe(oldHash);
        tick.ForRules.ShouldBe(120);
        next.Scored.ShouldBe(0);
        _w.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores_current WHERE rules_hash <> @H", new { H = _w.Rules.Current.Identity.Hash }).ShouldBe(0);
        _w.Db.Worker.LastActivation()!.RulesVersion.ShouldBe(version);
        _w.Db.Worker.LastActivation()!.Changes.ShouldContain("behavior.email_click");
    }

    [Fact]
    public void Tick_WeightOnlyChange_GivesCardsAgainFromStoredReasons_EqualToScoringAgain() => WeightOnlyChangeGivesCardsAgain(_w);

    /// <summary>Also run on PostgreSQL (<see cref="PostgresWorkersTests"/>).</summary>
    internal static void WeightOnlyChangeGivesCardsAgain(WorkerFixture w)
    {
        var leads = w.StoreSample(300);
        w.Tick();
        w.Clock.Advance(TimeSpan.FromHours(3));
        var due = w.Db.Scores.DueLeads(w.Clock.GetUtcNow(), 10_000).ToHashSet();
        w.EditJson("intent.json", r => WorkerFixture.Rule(r, "intent.pricing_deep")["Properties"]!["points"] = 42);
        w.EditJson("behavior.json", r => WorkerFixture.Rule(r, "behavior.newsletter_open")["Properties"]!["points"] = 3);
        w.EditJson("model.json", m => m["motions"]!["inbound"] = new System.Text.Json.Nodes.JsonObject { ["fit"] = 40, ["intent"] = 45, ["behavior"] = 15 });
        w.EditJson("tiers.json", r => WorkerFixture.Rule(r, "tier.A")["Expression"] = "card.Fit >= 35 and card.Intent >= 30");
        w.BumpVersion();

        var tick = w.Tick();

        tick.ForRules.ShouldBe(300);
        // Leads due in those three hours (a decay step, a window end) are read and scored in full,
        // and so are an account's contacts, whose classification reads their signals.
        var accounts = w.Rules.Current!.Accounts.ShouldNotBeNull();
        var carried = leads.Count(l => !due.Contains(l.LeadId) && accounts.KeyOf(l) is null);
        carried.ShouldBeGreaterThan(20);
        tick.ReweighedForRules.ShouldBe(carried);
        tick.TierChanges.ShouldBeGreaterThan(0, "the change must move some tiers");
        var scorer = w.Rules.Current!.Scorer;
        using var reader = w.Db.OpenAnother();
        foreach (var lead in leads)
        {
            var stored = reader.Scores.Current(lead.LeadId).ShouldNotBeNull().Card;
            Core.Scoring.ScoreCardJson.Serialize(stored).ShouldBe(Core.Scoring.ScoreCardJson.Serialize(scorer.Score(lead, w.Clock.GetUtcNow())), lead.LeadId);
        }

        w.Tick().Scored.ShouldBe(0, "each card's next change stands");
    }

    [Fact]
    public void Tick_WeightOnlyChange_ALeadWithASignalItsCardHasNotSeen_IsScoredWithIt_AndADatedSignalStaysDue()
    {
        // Leads in no account (a free-mail address), so the new version carries their cards.
        Lead Quiet(string id, params Signal[] signals) => new(id, new Dictionary<string, string>
        {
            ["email"] = $"{id.ToLowerInvariant()}@gmail.com", ["employees"] = "300", ["industry"] = "Software", ["country"] = "United States",
            ["title"] = "VP Sales", ["function"] = "Sales",
        }, signals);
        var now = _w.Clock.GetUtcNow();
        _w.Db.Leads.Save([Quiet("L-7001", new Signal("pricing_view", now.AddDays(-2), "p1")),
            Quiet("L-7002", new Signal("pricing_view", now.AddDays(-2), "p2"), new Signal("demo_request", now.AddHours(2), "d2"))]);
        _w.Tick();
        _w.Clock.Advance(TimeSpan.FromMinutes(30));
        // A demo request for L-7001 arrives after its card, then the weights change.
        _w.Db.Leads.AddSignals([("L-7001", new Signal("demo_request", _w.Clock.GetUtcNow().AddMinutes(-5), "d1"))]);
        _w.EditJson("intent.json", r => WorkerFixture.Rule(r, "intent.pricing_single")["Properties"]!["points"] = 18);
        _w.BumpVersion();

        var tick = _w.Tick();

        tick.ForRules.ShouldBe(2);
        tick.ReweighedForRules.ShouldBe(2, "both cards are before their next change");
        tick.ForSignals.ShouldBe(1, "the demo request the carried card had not seen");
        var scorer = _w.Rules.Current!.Scorer;
        foreach (var id in new[] { "L-7001", "L-7002" })
        {
            var lead = _w.Db.Leads.Get(id).ShouldNotBeNull().Lead;
            Core.Scoring.ScoreCardJson.Serialize(_w.Db.Scores.Current(id).ShouldNotBeNull().Card)
                .ShouldBe(Core.Scoring.ScoreCardJson.Serialize(scorer.Score(lead, _w.Clock.GetUtcNow())), id);
        }

        _w.Db.Scores.Current("L-7001")!.Card.Reasons.ShouldContain(r => r.Code == "intent.demo_request");
        _w.Db.Scores.DueLeads(now.AddHours(2), 100).ShouldContain("L-7002", "its demo request dated two hours after the first card still comes due");
    }

    [Fact]
    public void Tick_WeightOnlyChange_ACurrentCardThatDoesNotRead_IsScoredFromItsSignals_AndTheTickGoesOn()
    {
        var leads = _w.StoreSample(60);
        _w.Tick();
        // Edited by hand: a compact card of the stored template whose reasons are not a list, and one naming a template that is not stored.
        var ids = leads.Select(l => l.LeadId).Order(StringComparer.Ordinal).Take(2).ToArray();
        var template = _w.Db.Connection.ExecuteScalar<long>("SELECT id FROM card_templates");
        _w.Db.Connection.Execute("UPDATE scores_current SET card = @Card WHERE lead_id = @Id", new { Card = $"[2,{template},\"{ids[0]}\",1795000000,0,1,null,\"x\"]", Id = ids[0] });
        _w.Db.Connection.Execute("UPDATE scores_current SET card = @Card WHERE lead_id = @Id", new { Card = $"[2,999,\"{ids[1]}\",1795000000,0,1,null,[]]", Id = ids[1] });
        _w.EditJson("intent.json", r => WorkerFixture.Rule(r, "intent.pricing_single")["Properties"]!["points"] = 18);
        _w.BumpVersion();

        var tick = _w.Tick();

        tick.Completed.ShouldBeTrue();
        tick.ForRules.ShouldBe(60);
        var scorer = _w.Rules.Current!.Scorer;
        foreach (var id in ids)
        {
            var lead = leads.Single(l => l.LeadId == id);
            Core.Scoring.ScoreCardJson.Serialize(_w.Db.Scores.Current(id).ShouldNotBeNull().Card)
                .ShouldBe(Core.Scoring.ScoreCardJson.Serialize(scorer.Score(lead, _w.Clock.GetUtcNow())), id);
        }
    }

    [Fact]
    public void Tick_ExpressionChange_ScoresEveryLeadFromItsSignals()
    {
        _w.StoreSample(100);
        _w.Tick();
        _w.Clock.Advance(TimeSpan.FromHours(3));
        _w.EditJson("intent.json", w => WorkerFixture.Rule(w, "intent.pricing_deep")["Expression"] = "signals.Count(\"pricing_view\", 30) >= 2");
        _w.BumpVersion();

        var tick = _w.Tick();

        tick.ForRules.ShouldBe(100);
        tick.ReweighedForRules.ShouldBe(0);
    }

    [Fact]
    public void Tick_BatchesStoppedHalfway_LeaveWholeBatchesAndTheRestIsScoredNextTick()
    {
        _w.StoreSample(250);
        using var stop = new CancellationTokenSource();
        var batches = 0;

        var interrupted = _w.Tick(batchSize: 50, cancellationToken: stop.Token, onBatchStored: _ =>
        {
            if (++batches == 2)
            {
                stop.Cancel();
            }
        });
        var stored = _w.Db.Scores.CountScored();
        var resumed = _w.Tick(batchSize: 50);

        interrupted.Completed.ShouldBeFalse();
        stored.ShouldBe(100, "two whole batches of 50");
        resumed.ForRules.ShouldBe(150);
        _w.Db.Scores.CountScored().ShouldBe(250);
        _w.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores").ShouldBe(250, "no lead was scored twice");
    }
}
