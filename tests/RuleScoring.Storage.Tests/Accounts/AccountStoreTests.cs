using Dapper;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RuleScoring.SampleData;
using RuleScoring.Storage.Import;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Accounts;

/// <summary>Demo-like data (the sample generator, with its buying committees), scored every few weeks with its accounts, as the worker would have.</summary>
public sealed class DemoLikeAccounts : IDisposable
{
    public DemoLikeAccounts()
    {
        var temp = new TempDb();
        Temp = temp;
        const int leads = 700;
        const int seed = 42;
        var folder = Path.Combine(temp.Folder, "sample");
        SampleCsvWriter.Write(folder, SampleGenerator.Generate(new SampleOptions(Leads: leads, Seed: seed, End: TempDb.Now, Committees: 0.5)));
        foreach (var (kind, file) in new[] { (ImportKind.Leads, SampleCsvWriter.LeadsFile), (ImportKind.Signals, SampleCsvWriter.SignalsFile) })
        {
            ImportRun.File(temp, kind, Path.Combine(folder, file)).Rejects.ShouldBeEmpty();
        }

        for (var step = 8; step >= 0; step--)
        {
            var asOf = TempDb.Now.AddDays(-40 * step);
            new Rescorer(temp.Db, Scoring.Scorer).RescoreAll(asOf);
            temp.Db.Accounts.Rescore(AccountStoreTests.Accounts.Value, asOf);
        }
    }

    internal TempDb Temp { get; }

    public void Dispose() => Temp.Dispose();
}

public sealed class AccountStoreTests(DemoLikeAccounts demo) : IClassFixture<DemoLikeAccounts>
{
    internal static readonly Lazy<AccountScorer> Accounts = new(() => new AccountScorer(RuleSetLoader.Load(Repo.Rules)));

    [Fact]
    public void Rescore_DemoData_ThreeEngagedContactsInDifferentRolesLiftAnAccountToTheTopTier_NoneOfThemTierAAlone()
    {
        var temp = demo.Temp;
        var scorer = Accounts.Value;
        var top = scorer.Model.TopTier;

        var lifted = temp.Db.Connection.Query<string>("SELECT card FROM account_scores WHERE tier = @top ORDER BY id", new { top })
            .Select(AccountCardJson.Parse)
            .Where(card =>
            {
                var engaged = card.Contacts.Where(c => c.Engaged && c.Role is not null).ToList();
                return engaged.Select(c => c.Role).Distinct().Count() >= 3 && card.Contacts.All(c => c.Tier != "A");
            })
            .ToList();

        lifted.ShouldNotBeEmpty("some sample company's committee, none of them tier A, lifts its account to the top tier");
        foreach (var card in lifted)
        {
            card.Reasons.ShouldContain(r => r.Code == "account.committee_three_roles" && r.Text.Contains("Economic buyer", StringComparison.Ordinal)
                && r.Text.Contains("Technical evaluator", StringComparison.Ordinal) && r.Text.Contains("Champion", StringComparison.Ordinal));
            foreach (var contact in card.Contacts)
            {
                scorer.Score(card.AccountKey, [contact], card.AsOf).Tier!.Tier.ShouldNotBe(top, $"{contact.LeadId} alone in {card.AccountKey}");
            }
        }
    }

    [Fact]
    public void Rescore_DemoData_FreeMailLeadsNeverJoinAnAccount_AndEveryOtherCompanyLeadDoes()
    {
        var temp = demo.Temp;

        var leads = temp.Db.Connection.Query<(string LeadId, string Email, string? Account)>("""
            SELECT l.lead_id, json_extract(l.attributes, '$.email'), a.account_key
            FROM leads l LEFT JOIN lead_accounts a ON a.lead_id = l.lead_id
            """).ToList();
        var gmail = leads.Where(l => l.Email.EndsWith("@gmail.com", StringComparison.Ordinal)).ToList();

        gmail.ShouldNotBeEmpty("the generator writes gmail.com leads");
        gmail.ShouldAllBe(l => l.Account == null);
        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM account_scores_current WHERE account_key LIKE '%gmail.com'").ShouldBe(0);
        leads.Where(l => l.Email.Split('@')[1].StartsWith("north", StringComparison.Ordinal)).ShouldAllBe(l => l.Account == l.Email.Split('@', StringSplitOptions.None)[1]);
    }

    [Fact]
    public void Rescore_Again_AppendsNoHistory_AndALeadRescoredIntoAnAccountRescoresIt()
    {
        using var temp = new TempDb();
        var attributes = new Dictionary<string, string> { ["email"] = "a@northwind.com", ["employees"] = "300", ["industry"] = "Software", ["country"] = "United States", ["title"] = "VP Sales", ["seniority"] = "vp", ["function"] = "Sales" };
        var first = Lead.Create("L-1", attributes, [new Signal("webinar_attended", TempDb.Now.AddDays(-2), "w1"), new Signal("comparison_page_view", TempDb.Now.AddDays(-1), "c1")]);
        temp.Db.Leads.Save([first]);
        temp.Db.Scores.Save([new ScoredLead(Scoring.Scorer.Score(first, TempDb.Now))]);

        temp.Db.Accounts.Rescore(Accounts.Value, TempDb.Now).HistoryRows.ShouldBe(1);
        temp.Db.Accounts.Rescore(Accounts.Value, TempDb.Now.AddHours(1)).HistoryRows.ShouldBe(0);
        temp.Db.Accounts.Current("northwind.com")!.Card.RolesEngaged.ShouldBe(["economic_buyer"]);

        var second = Lead.Create("L-2", new Dictionary<string, string>(attributes) { ["email"] = "b@northwind.com", ["title"] = "Director of IT", ["seniority"] = "director", ["function"] = "IT" }, first.Signals.Select(s => s with { EventId = "2" + s.EventId }).ToList());
        temp.Db.Leads.Save([second]);
        temp.Db.Scores.Save([new ScoredLead(Scoring.Scorer.Score(second, TempDb.Now))]);
        var result = temp.Db.Accounts.Rescore(Accounts.Value, TempDb.Now, ["L-2"]);

        result.Accounts.ShouldBe(1);
        temp.Db.Accounts.Current("northwind.com")!.Card.RolesEngaged.ShouldBe(["economic_buyer", "technical_evaluator"]);
        temp.Db.Accounts.History("northwind.com").Count.ShouldBe(2);
        temp.Db.Accounts.ForLead("L-1")!.Card.AccountKey.ShouldBe("northwind.com");
    }

    [Fact]
    public void Rescore_EveryLead_WritesOnlyTheMappingsThatMoved_AndRollsUpTheAccountALeadLeft()
    {
        using var temp = new TempDb();
        Lead At(string id, string email) => HotLeads.Hot(id, email, TempDb.Now);
        temp.Db.Leads.Save([At("L-1", "a@northwind.com"), At("L-2", "b@northwind.com"), At("L-3", "c@contoso.com"), At("L-4", "d@gmail.com")]);
        new Rescorer(temp.Db, Scoring.Scorer).RescoreAll(TempDb.Now);
        temp.Db.Accounts.Rescore(Accounts.Value, TempDb.Now).Accounts.ShouldBe(2);
        var mapped = Mapping(temp);
        mapped.Select(m => m.Lead).ShouldBe(["L-1", "L-2", "L-3"], "a free-mail lead is in no account");

        // An hour later L-2 has moved to contoso; nobody else moved.
        temp.Clock.Advance(TimeSpan.FromHours(1));
        temp.Db.Leads.Save([At("L-2", "b@contoso.com")]);
        new Rescorer(temp.Db, Scoring.Scorer).RescoreAll(TempDb.Now.AddHours(1));
        temp.Db.Accounts.Rescore(Accounts.Value, TempDb.Now.AddHours(1)).Accounts.ShouldBe(2, "both accounts are rolled up: one lost a member, one gained it");

        var now = Mapping(temp);
        now.ShouldBe([mapped[0], ("L-2", "contoso.com", now[1].UpdatedAt), mapped[2]], "L-1 and L-3 keep their rows as written an hour before");
        now[1].UpdatedAt.ShouldNotBe(mapped[1].UpdatedAt);
        temp.Db.Accounts.Current("northwind.com")!.Card.Contacts.Select(c => c.LeadId).ShouldBe(["L-1"]);
        temp.Db.Accounts.Current("contoso.com")!.Card.Contacts.Select(c => c.LeadId).ShouldBe(["L-2", "L-3"]);
    }

    private static List<(string Lead, string Account, string UpdatedAt)> Mapping(TempDb temp) =>
        [.. temp.Db.Connection.Query<(string, string, string)>("SELECT lead_id, account_key, updated_at FROM lead_accounts ORDER BY lead_id")];
}
