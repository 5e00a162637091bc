using Dapper;
using RuleScoring.Core.Leads;
using RuleScoring.Worker.Tests.Support;

namespace RuleScoring.Worker.Tests;

public sealed class AccountTickTests : IDisposable
{
    private readonly WorkerFixture _w = new();

    public void Dispose() => _w.Dispose();

    private static Lead Contact(string id, string title, string seniority, string function) => new(id, new Dictionary<string, string>
    {
        ["email"] = $"{id.ToLowerInvariant()}@acme-logistics.com", ["employees"] = "300", ["industry"] = "Software", ["country"] = "United States",
        ["title"] = title, ["seniority"] = seniority, ["function"] = function,
    }, [new Signal("webinar_attended", WorkerFixture.Start.AddDays(-3), $"{id}-w"), new Signal("comparison_page_view", WorkerFixture.Start.AddDays(-2), $"{id}-c")]);

    [Fact]
    public void Tick_ALeadOfTheAccountGetsASignal_RescoresTheAccountAndOnlyIt()
    {
        _w.StoreSample(50);
        _w.Db.Leads.Save([Contact("EB", "VP Sales", "vp", "Sales"), Contact("TE", "Director of IT", "director", "IT")]);
        _w.Db.Leads.Save([new Lead("CH", new Dictionary<string, string>
        {
            ["email"] = "ch@acme-logistics.com", ["employees"] = "300", ["industry"] = "Software", ["country"] = "United States",
            ["title"] = "Marketing Manager", ["seniority"] = "manager", ["function"] = "Marketing",
        }, [])]);
        var first = _w.Tick();
        var before = _w.Db.Accounts.Current("acme-logistics.com")!.Card;

        _w.Clock.Advance(TimeSpan.FromMinutes(5));
        _w.Db.Leads.AddSignals([("CH", new Signal("webinar_attended", _w.Clock.GetUtcNow().AddMinutes(-1), "ch-w")),
            ("CH", new Signal("comparison_page_view", _w.Clock.GetUtcNow().AddMinutes(-1), "ch-c"))]).UnknownLeads.ShouldBeEmpty();
        var second = _w.Tick();
        var after = _w.Db.Accounts.Current("acme-logistics.com")!.Card;

        first.Accounts.ShouldBeGreaterThan(1, "the first tick scores every lead, so every account");
        first.StageTransitions.ShouldBeGreaterThanOrEqualTo(53, "every lead becomes an inquiry");
        second.ForSignals.ShouldBe(1);
        second.Accounts.ShouldBe(1, "only the account of the lead that was rescored");
        before.RolesEngaged.ShouldBe(["economic_buyer", "technical_evaluator"]);
        after.RolesEngaged.ShouldBe(["economic_buyer", "technical_evaluator", "champion"]);
        after.Tier!.Tier.ShouldBe(_w.Rules.Current!.Accounts!.Model.TopTier);
        _w.Db.Accounts.History("acme-logistics.com").Count.ShouldBe(2);
    }

    [Fact]
    public void Tick_StoppedAfterABatch_NextTickCatchesUpTheAccountsAndStagesOfThatBatch()
    {
        var sample = _w.StoreSample(250);
        using var stop = new CancellationTokenSource();

        // A stop right after the first stored batch: the tick ends before its account roll-up. The batch
        // mapped its leads, marked their accounts and moved their stages in its own transaction.
        var interrupted = _w.Tick(batchSize: 50, cancellationToken: stop.Token, onBatchStored: _ => stop.Cancel());
        var mappedAfterStop = _w.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM lead_accounts");
        var markedAfterStop = _w.Db.Accounts.CountMarked();
        var rolledUpAfterStop = _w.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM account_scores_current");
        var resumed = _w.Tick(batchSize: 50);

        interrupted.Completed.ShouldBeFalse();
        mappedAfterStop.ShouldBeGreaterThan(0, "the stored batch mapped its leads");
        markedAfterStop.ShouldBeGreaterThan(0, "and marked their accounts");
        rolledUpAfterStop.ShouldBe(0, "the interrupted tick never reached the roll-up");
        _w.Db.Accounts.CountMarked().ShouldBe(0, "the next tick rolled up every marked account");
        _w.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM account_scores_current").ShouldBe(
            _w.Db.Connection.ExecuteScalar<long>("SELECT COUNT(DISTINCT account_key) FROM lead_accounts"), "every account has its card");
        resumed.ForRules.ShouldBe(200, "only the unstored leads are scored again");
        var scorer = _w.Rules.Current!.Accounts!;
        _w.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM lead_accounts").ShouldBe(sample.Count(l => scorer.KeyOf(l) is not null),
            "every lead in an account is mapped, the first batch's too");
        _w.Db.Connection.ExecuteScalar<long>("SELECT COUNT(DISTINCT lead_id) FROM lifecycle_transitions").ShouldBe(250, "every lead became an inquiry");
        _w.Tick(batchSize: 50).Accounts.ShouldBe(0, "caught up: nothing left for the next tick");
    }

    [Fact]
    public void Tick_AccountCardsFromContactsClassifiedInTheBatch_AreWhatReadingEveryMemberBackGives()
    {
        _w.StoreSample(300);
        _w.Tick(batchSize: 40);
        var cards = CurrentAccountCards();
        var asOf = _w.Db.Accounts.Current(cards[0].Key)!.Card.AsOf;

        // The roll-up the old way, as of the same time: every member's lead and current card read back.
        var reread = _w.Db.Accounts.Rescore(_w.Rules.Current!.Accounts!, asOf);

        cards.Count.ShouldBeGreaterThan(20);
        reread.Contacts.Fresh.ShouldBe(0);
        reread.HistoryRows.ShouldBe(0, "every card the tick stored is the card reading the members back gives");
        CurrentAccountCards().ShouldBe(cards);

        // A later tick rescoring some leads (decay) rolls up their accounts from their new cards.
        _w.Clock.Advance(TimeSpan.FromDays(9));
        var later = _w.Tick(batchSize: 40);
        var history = _w.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM account_scores");
        later.Accounts.ShouldBeGreaterThan(0);
        _w.Db.Accounts.Rescore(_w.Rules.Current!.Accounts!, _w.Clock.GetUtcNow()).HistoryRows.ShouldBe(0);
        _w.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM account_scores").ShouldBe(history);
    }

    private List<(string Key, string Card)> CurrentAccountCards() =>
        _w.Db.Connection.Query<(string Key, string Card)>(
            "SELECT c.account_key, COALESCE(c.card, s.card) FROM account_scores_current c JOIN account_scores s ON s.id = c.score_id ORDER BY c.account_key").ToList();
}
