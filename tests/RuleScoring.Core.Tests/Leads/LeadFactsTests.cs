using RuleScoring.Core.Leads;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Leads;

public sealed class LeadFactsTests
{
    [Fact]
    public void WellKnownFields_AreTrimmedLowerCasedAndNeverNull()
    {
        var facts = new LeadFacts(Some.Lead().With("email", " Dana@NorthWind.COM ").With("country", "United States ").Build());

        facts.EmailDomain.ShouldBe("northwind.com");
        facts.Country.ShouldBe("united states");
        facts.Industry.ShouldBe("");
        facts.Employees.ShouldBeNull();
        facts.Attr("anything").ShouldBe("");
    }

    [Fact]
    public void DomainColumn_WinsOverTheEmailDomain()
    {
        new LeadFacts(Some.Lead().With("email", "dana@gmail.com").With("domain", "www.northwind.com").Build())
            .EmailDomain.ShouldBe("northwind.com");
    }

    [Fact]
    public void UnknownEmployees_FiresNeitherSmallNorLargeRules()
    {
        var card = DefaultModel.Score(Some.IdealCustomer().Without("employees"));

        card.Reasons.Select(r => r.Code).ShouldNotContain(c => c.StartsWith("fit.size_") || c == "fit.under_10_employees");
    }
}
