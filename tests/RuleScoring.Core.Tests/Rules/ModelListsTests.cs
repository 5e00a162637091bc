using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Tests.Rules;

public sealed class ModelListsTests
{
    private static readonly ModelLists Lists = new(new Dictionary<string, string[]>
    {
        ["academic"] = ["edu", "ac.uk"],
        ["titles"] = ["vp", "head of", "cto"],
    });

    [Theory]
    [InlineData("mit.edu", true)]
    [InlineData("ox.ac.uk", true)]
    [InlineData("edu", true)]
    [InlineData("education.com", false)]
    [InlineData("notedu", false)]
    [InlineData("", false)]
    public void EndsWith_MatchesDomainsAndTheirSubdomainsOnly(string domain, bool expected)
    {
        Lists.EndsWith("academic", domain).ShouldBe(expected);
    }

    [Theory]
    [InlineData("VP, Marketing", true)]
    [InlineData("Head of Sales", true)]
    [InlineData("Director", false)]
    [InlineData("Headhunter", false)]
    [InlineData("", false)]
    public void Mentions_MatchesWholeWords(string title, bool expected)
    {
        Lists.Mentions("titles", title).ShouldBe(expected);
    }

    [Fact]
    public void UnknownList_Throws_SoTheRuleReportsAnError()
    {
        Should.Throw<KeyNotFoundException>(() => Lists.Contains("nope", "x")).Message.ShouldContain("nope");
    }
}
