using RuleScoring.Core.Accounts;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Accounts;

public sealed class AccountScorerTests
{
    private static readonly Lazy<(LeadScorer Leads, AccountScorer Accounts)> Scorers = new(() =>
    {
        var rules = RuleSetLoader.Load(Repo.Rules);
        return (new LeadScorer(rules), new AccountScorer(rules));
    });

    private static LeadScorer Leads => Scorers.Value.Leads;
    private static AccountScorer Accounts => Scorers.Value.Accounts;

    /// <summary>A Northwind contact who compared us with a competitor and attended a webinar: engaged and researching, but short of tier A's intent.</summary>
    private static Lead Contact(string id, string title, string function, string seniority = "") => Some.IdealCustomer(id)
        .With("email", $"{id.ToLowerInvariant()}@northwind.com")
        .With("title", title)
        .With("function", function)
        .With("seniority", seniority)
        .Signal("comparison_page_view", daysAgo: 2)
        .Signal("webinar_attended", daysAgo: 5)
        .Build();

    private static readonly Lead EconomicBuyer = Contact("EB", "VP Sales", "Sales", "vp");
    private static readonly Lead Evaluator = Contact("TE", "Director of Engineering", "IT", "director");
    private static readonly Lead Champion = Contact("CH", "Marketing Manager", "Marketing", "manager");

    private static AccountCard ScoreAccount(params Lead[] leads)
    {
        var contacts = leads.Select(l => Accounts.Contact(l, Leads.Score(l, Some.AsOf))).ToList();
        var keys = leads.Select(Accounts.KeyOf).Distinct().ToList();
        return Accounts.Score(keys.ShouldHaveSingleItem()!, contacts, Some.AsOf);
    }

    [Fact]
    public void Score_ThreeEngagedContactsInDifferentRoles_LiftTheAccountToTheTopTierWhileNoneAloneIsTierA()
    {
        var leads = new[] { EconomicBuyer, Evaluator, Champion };
        foreach (var lead in leads)
        {
            Leads.Score(lead, Some.AsOf).Tier!.Tier.ShouldNotBe("A", lead.LeadId);
            ScoreAccount(lead).Tier!.Tier.ShouldNotBe(Accounts.Model.TopTier, $"{lead.LeadId} alone");
        }

        var account = ScoreAccount(leads);

        account.AccountKey.ShouldBe("northwind.com");
        account.Errors.ShouldBeEmpty();
        account.Tier!.Tier.ShouldBe(Accounts.Model.TopTier);
        account.RolesEngaged.ShouldBe(["economic_buyer", "technical_evaluator", "champion"]);
        account.RolesMissing.ShouldBeEmpty();
        account.Engaged.ShouldBe(3);
        var committee = account.Reasons.Where(r => r.Code == "account.committee_three_roles").ShouldHaveSingleItem();
        committee.Text.ShouldContain("Economic buyer");
        committee.Text.ShouldContain("Technical evaluator");
        committee.Text.ShouldContain("Champion");
        account.Reasons.ShouldContain(r => r.Code == "account.intent_several_people" && r.Text.StartsWith("3 people", StringComparison.Ordinal));
    }

    [Fact]
    public void Score_ThreeContactsInTheSameRole_DoNotCoverTheCommittee()
    {
        var account = ScoreAccount(Contact("V1", "VP Sales", "Sales", "vp"), Contact("V2", "VP Marketing", "Marketing", "vp"), Contact("V3", "CRO", "Sales", "c-level"));

        account.RolesEngaged.ShouldBe(["economic_buyer"]);
        account.Tier!.Tier.ShouldNotBe(Accounts.Model.TopTier);
        account.Reasons.ShouldNotContain(r => r.Code == "account.committee_three_roles");
    }

    [Fact]
    public void Score_AContactWithNoRecentActivity_IsNotEngagedAndCoversNoRole()
    {
        var quiet = Some.IdealCustomer("Q").With("email", "q@northwind.com").With("title", "Director of Engineering").With("function", "IT").Build();

        var account = ScoreAccount(EconomicBuyer, Champion, quiet);

        account.Contacts.Single(c => c.LeadId == "Q").Engaged.ShouldBeFalse();
        account.RolesMissing.ShouldBe(["technical_evaluator"]);
        account.Reasons.ShouldContain(r => r.Code == "account.committee_two_roles" && r.Text.Contains("missing Technical evaluator", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("dana@gmail.com", null)]
    [InlineData("dana@GMAIL.com", null)]
    [InlineData("dana@eu.gmail.com", null)]
    [InlineData("dana@www.northwind.com", "northwind.com")]
    [InlineData("dana@northwind.com", "northwind.com")]
    [InlineData("", null)]
    public void KeyOf_ByEmailDomain_FreeMailNeverFormsAnAccount(string email, string? expected)
    {
        Accounts.KeyOf(Some.Lead().With("email", email).Build()).ShouldBe(expected);
    }

    [Fact]
    public void KeyOf_ExplicitAccountId_WinsOverTheDomain()
    {
        Accounts.KeyOf(Some.Lead().With("email", "dana@northwind.com").With("account_id", " ACC-42 ").Build()).ShouldBe("acc-42");
        Accounts.KeyOf(Some.Lead().With("email", "dana@gmail.com").With("domain", "northwind.com").Build()).ShouldBe("northwind.com");
    }

    [Fact]
    public void AccountCardJson_RoundTrip_GivesBackTheSameCardAndTheSameBytes()
    {
        var card = ScoreAccount(EconomicBuyer, Evaluator, Champion);
        card.Tier!.FollowUpBy.ShouldNotBeNull("the top tier carries an SLA");

        var json = AccountCardJson.Serialize(card);
        var parsed = AccountCardJson.Parse(json);

        AccountCardJson.Serialize(parsed).ShouldBe(json);
        parsed.Tier.ShouldBe(card.Tier);
        parsed.Rules.ShouldBe(card.Rules);
        parsed.AsOf.ShouldBe(card.AsOf);
        parsed.Reasons.ShouldBe(card.Reasons);
        parsed.Contacts.ShouldBe(card.Contacts);
        AccountCardJson.Fingerprint(parsed).ShouldBe(AccountCardJson.Fingerprint(card));
        json.ShouldNotContain("\"mql\"", Case.Sensitive, "account tiers carry no lead stage flags");
    }
}
