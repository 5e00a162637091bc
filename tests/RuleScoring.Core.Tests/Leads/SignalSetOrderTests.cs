using RuleScoring.Core.Leads;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tests.Support;
using RuleScoring.SampleData;

namespace RuleScoring.Core.Tests.Leads;

/// <summary>
/// Signals that arrive in order (newest or oldest first) or already trimmed and lower-cased skip
/// the sort and the normalising, and come out as the sorted, normalised set would.
/// </summary>
public sealed class SignalSetOrderTests
{
    private static readonly Dictionary<string, string[]> NoGroups = [];

    private static List<Signal> Shuffled(int seed)
    {
        var random = new Random(seed);
        string[] types = ["pricing_view", "Demo_Request ", "blog_view", "feature_used"];
        return Enumerable.Range(0, 60)
            .Select(i => new Signal(types[random.Next(types.Length)], Some.AsOf.AddHours(-random.Next(0, 24 * 90)),
                Topic: random.Next(3) == 0 ? null : " Topic-" + random.Next(4), Value: random.Next(5), Source: "Web"))
            .ToList();
    }

    private static string Describe(SignalSet set) =>
        string.Join("\n", set.Events.Select(e => $"{e.Type}|{e.OccurredAt:O}|{e.AgeDays}|{e.Topic}|{BitConverter.DoubleToInt64Bits(e.Value)}|{e.Source}"));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Create_SignalsInOrderOrReversed_AreTheSortedSet(int seed)
    {
        var signals = Shuffled(seed);
        var sorted = SignalSet.Create(signals, Some.AsOf, NoGroups);
        var newestFirst = signals.OrderByDescending(s => s.OccurredAt).ToList();
        var oldestFirst = Enumerable.Reverse(newestFirst).ToList();

        Describe(SignalSet.Create(newestFirst, Some.AsOf, NoGroups)).ShouldBe(Describe(sorted));
        Describe(SignalSet.Create(oldestFirst, Some.AsOf, NoGroups)).ShouldBe(Describe(sorted));
    }

    [Fact]
    public void Create_TiesThatDifferOnlyInValue_AreSortedNotKept()
    {
        var at = Some.AsOf.AddDays(-1);
        Signal[] signals = [new("surge", at, Topic: "crm", Value: 1), new("surge", at, Topic: "crm", Value: 2), new("surge", at.AddHours(-1))];
        var set = SignalSet.Create(signals, Some.AsOf, NoGroups);

        set.Events.Select(e => e.Value).Order().ShouldBe([0d, 1d, 2d]);
        set.Events[^1].OccurredAt.ShouldBe(at.AddHours(-1));
    }

    [Fact]
    public void Create_AnyInputOrderOfTheSameSignals_GivesOneOrder()
    {
        // Ties at one instant that differ only in value, source or the offset the time was given
        // in: the order must follow from their content, never from the order they came in.
        var at = Some.AsOf.AddDays(-2);
        var signals = new List<Signal>();
        foreach (var value in new double?[] { null, 1, 2, -0d, 0d })
        {
            foreach (var source in new[] { null, "crm", "web" })
            {
                signals.Add(new Signal("surge", at, Topic: "crm", Value: value, Source: source));
            }
        }

        signals.Add(new Signal("surge", at.ToOffset(TimeSpan.FromHours(2)), Topic: "crm", Value: 1, Source: "crm"));
        signals.Add(new Signal("pricing_view", at));
        signals.Add(new Signal("pricing_view", at.AddMinutes(-1)));
        var expected = Describe(SignalSet.Create(signals, Some.AsOf, NoGroups));
        for (var seed = 0; seed < 50; seed++)
        {
            var shuffled = signals.ToArray();
            new Random(seed).Shuffle(shuffled);
            Describe(SignalSet.Create(shuffled, Some.AsOf, NoGroups)).ShouldBe(expected, $"shuffle {seed}");
        }
    }

    [Theory]
    [InlineData("pricing_view", true)]
    [InlineData("", true)]
    [InlineData("lead scoring", true)]
    [InlineData("Pricing_view", false)]
    [InlineData(" pricing_view", false)]
    [InlineData("pricing_view\t", false)]
    [InlineData("caf\u00e9", false)]
    public void IsNormal_OnlyWhenTrimAndLowerChangeNothing(string text, bool normal)
    {
        NormalText.IsNormal(text).ShouldBe(normal);
        NormalText.Of(text).ShouldBe(text.Trim().ToLowerInvariant());
    }

    [Fact]
    public void Score_SignalsSortedAhead_GiveTheSameCards()
    {
        var scorer = new LeadScorer(DefaultModel.RuleSet);
        foreach (var lead in SampleGenerator.Generate(new SampleOptions(Leads: 200, Seed: 7, End: Some.AsOf)).Select(s => s.Lead))
        {
            var presorted = lead with { Signals = lead.Signals.OrderBy(s => s.OccurredAt).ToList() };
            ScoreCardJson.Serialize(scorer.Score(presorted, Some.AsOf)).ShouldBe(ScoreCardJson.Serialize(scorer.Score(lead, Some.AsOf)));
        }
    }
}
