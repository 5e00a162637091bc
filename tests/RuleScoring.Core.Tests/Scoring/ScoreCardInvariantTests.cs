using RuleScoring.Core.Leads;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Scoring;

public sealed class ScoreCardInvariantTests
{
    private static readonly string[] Countries = ["United States", "Brazil", "UK", "", "germany"];
    private static readonly string[] Titles = ["VP Sales", "Director of IT", "Marketing Manager", "Analyst", "Student", ""];
    private static readonly string[] Domains = ["acme.com", "stateu.edu", "6sense.com", "gmail.com"];

    /// <summary>Many random leads over every signal type the model knows, plus one it does not.</summary>
    private static IEnumerable<Lead> RandomLeads(int count, int seed)
    {
        var random = new Random(seed);
        var types = DefaultModel.RuleSet.SignalCatalogue.Keys.Append("unknown_signal").ToArray();
        for (var i = 0; i < count; i++)
        {
            var lead = Some.Lead($"R-{i}")
                .With("email", "x@" + Domains[random.Next(Domains.Length)])
                .With("country", Countries[random.Next(Countries.Length)])
                .With("title", Titles[random.Next(Titles.Length)])
                .With("industry", random.Next(2) == 0 ? "Software" : "Retail")
                .With("tech_stack", random.Next(3) == 0 ? "Salesforce;Pardot" : "");
            if (random.Next(5) > 0)
            {
                lead.With("employees", random.Next(1, 9000).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            for (var s = random.Next(0, 41); s > 0; s--)
            {
                lead.Signal(types[random.Next(types.Length)], random.Next(-5, 220), topic: "t" + random.Next(5), value: random.Next(101), hours: random.Next(24));
            }

            yield return lead.Build();
        }
    }

    [Fact]
    public void EveryDimension_RawScoreIsExactlyTheSumOfItsReasons()
    {
        var scorer = DefaultModel.Scorer();
        foreach (var lead in RandomLeads(500, seed: 7))
        {
            var card = scorer.Score(lead, Some.AsOf);

            card.Errors.ShouldBeEmpty();
            foreach (var dimension in card.Dimensions)
            {
                dimension.Raw.ShouldBe(card.Reasons.Where(r => r.Dimension == dimension.Name).Sum(r => r.Points), $"{lead.LeadId} {dimension.Name}");
                dimension.Score.ShouldBe(Math.Round(Math.Clamp(dimension.Raw, 0, dimension.Cap) / dimension.Cap * 100, 1, MidpointRounding.AwayFromZero));
            }
        }
    }

    [Fact]
    public void Reasons_AreSortedByImpact()
    {
        foreach (var lead in RandomLeads(200, seed: 11))
        {
            var impacts = DefaultModel.Scorer().Score(lead, Some.AsOf).Reasons.Select(r => Math.Abs(r.Points)).ToArray();
            impacts.ShouldBe(impacts.OrderDescending().ToArray());
        }
    }

    [Fact]
    public void SameLeadSameAsOfSameRules_GiveTheSameCardByteForByte_UnderEitherCompiler()
    {
        foreach (var lead in RandomLeads(200, seed: 3))
        {
            var first = ScoreCardJson.Serialize(DefaultModel.Scorer().Score(lead, Some.AsOf));
            var shuffled = lead with { Signals = lead.Signals.Reverse().ToArray() };

            ScoreCardJson.Serialize(DefaultModel.Scorer().Score(shuffled, Some.AsOf)).ShouldBe(first, "signal order must not matter");
            ScoreCardJson.Serialize(DefaultModel.Scorer(fastCompiler: true).Score(lead, Some.AsOf)).ShouldBe(first, "FastExpressionCompiler must agree");
        }
    }

    [Fact]
    public void SignalsAfterTheAsOfTime_CannotChangeTheScore()
    {
        var before = Some.IdealCustomer().Signal("webinar_attended", 3);
        var withFuture = Some.IdealCustomer().Signal("webinar_attended", 3)
            .Signal("demo_request", daysAgo: -1).Signal("unsubscribe", daysAgo: -2).Signals("pricing_view", 5, daysAgo: -3);

        var a = DefaultModel.Score(before);
        var b = DefaultModel.Score(withFuture);

        ScoreCardJson.Serialize(b).ShouldBe(ScoreCardJson.Serialize(a));
        b.Tier.ShouldNotBeNull().Tier.ShouldBe("C");
    }

    [Fact]
    public void Card_CarriesTheRuleSetVersionAndHash()
    {
        var card = DefaultModel.Score(Some.IdealCustomer());

        card.Rules.Version.ShouldBe(DefaultModel.RuleSet.Identity.Version);
        card.Rules.Hash.ShouldStartWith("sha256:");
        card.Rules.Hash.Length.ShouldBe("sha256:".Length + 64);
        ScoreCardJson.Serialize(card).ShouldContain(card.Rules.Hash);
    }
}
