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

    /// <summary>
    /// Each type's run is sorted on its own (a lead's signals grouped first): runs of one, of a few
    /// (insertion-sorted) and of many (sorted on their times), shuffled, with ties and with future
    /// signals, one type spelled several ways and held in separate strings, must answer every
    /// window as a plain scan of the signals would.
    /// </summary>
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Create_RunsOfEveryLength_AnswerEveryWindowAsAScanWould(int seed)
    {
        var random = new Random(seed);
        (string Type, int Count)[] runs = [("single", 1), ("few", 5), ("sixteen", 16), ("seventeen", 17), ("many", 60)];
        var signals = new List<Signal>();
        foreach (var (type, count) in runs)
        {
            for (var i = 0; i < count; i++)
            {
                // Whole hours, so a run has ties at one instant; some after the as-of time, to be left out.
                var at = Some.AsOf.AddHours(-random.Next(-48, 24 * 120));
                var spelled = (i % 3) switch { 0 => type, 1 => new string(type.AsSpan()), _ => " " + type.ToUpperInvariant() };
                signals.Add(new Signal(spelled, at, Topic: "t" + random.Next(4), Value: random.Next(3)));
            }
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(signals));
        var set = SignalSet.Create(signals, Some.AsOf, NoGroups);

        var past = signals.Where(s => s.OccurredAt <= Some.AsOf)
            .Select(s => (Type: s.Type.Trim().ToLowerInvariant(), Age: (int)Math.Floor((Some.AsOf - s.OccurredAt).TotalDays), Value: s.Value ?? 0))
            .ToList();
        foreach (var (type, _) in runs)
        {
            var ofType = past.Where(s => s.Type == type).ToList();
            set.DaysSinceLast(type).ShouldBe(ofType.Count > 0 ? ofType.Min(s => s.Age) : null, type);
            foreach (var days in new[] { 0, 1, 2, 7, 30, 45, 90, 119, 365 })
            {
                var within = ofType.Where(s => s.Age <= days).ToList();
                set.Count(type, days).ShouldBe(within.Count, $"{type} within {days} days");
                set.MaxValue(type, days).ShouldBe(within.Count > 0 ? within.Max(s => s.Value) : 0, $"{type} within {days} days");
            }
        }

        // And every event, most recent first: the runs merged as the whole set sorted at once would be.
        set.Events.Select(e => e.OccurredAt).ShouldBe(set.Events.Select(e => e.OccurredAt).OrderByDescending(t => t));
        set.Events.Count.ShouldBe(past.Count);
    }

    /// <summary>An export with a type per event (past the few a lead's types are scanned among): still one run per type, found by its name.</summary>
    [Fact]
    public void Create_HundredsOfTypes_EachIsItsOwnRun()
    {
        var signals = Enumerable.Range(0, 300)
            .SelectMany(i => new[] { new Signal($"type_{i}", Some.AsOf.AddDays(-i)), new Signal($" TYPE_{i}", Some.AsOf.AddDays(-i - 1)) })
            .ToList();
        var set = SignalSet.Create(signals, Some.AsOf, NoGroups);

        for (var i = 0; i < 300; i += 7)
        {
            set.Count($"type_{i}").ShouldBe(2);
            set.DaysSinceLast($"type_{i}").ShouldBe(i);
            set.Count($"type_{i}", i).ShouldBe(1);
        }

        set.Events.Count.ShouldBe(600);
    }

    /// <summary>
    /// The arrays a thread reuses to group each lead's signals keep no more than their usual room
    /// after a lead out of the ordinary (an export with 200,000 events on one lead, of 20,000
    /// types): a worker's threads live for days, and one such lead must not hold its memory all that time.
    /// </summary>
    [Fact]
    public void Create_AHugeLead_LeavesTheThreadsScratchAtItsUsualSize()
    {
        var huge = Enumerable.Range(0, 200_000)
            .Select(i => new Signal($"type_{i % 20_000}", Some.AsOf.AddMinutes(-((i * 7919L) % 500_000))))
            .ToList();

        var set = SignalSet.Create(huge, Some.AsOf, NoGroups);
        SignalSet.ScratchCapacity.ShouldBeLessThanOrEqualTo(4096, "after grouping");
        set.Events.Count.ShouldBe(200_000);
        SignalSet.ScratchCapacity.ShouldBeLessThanOrEqualTo(4096, "after sorting every event");

        set.Count("type_7").ShouldBe(10);
        var small = SignalSet.Create([new Signal("pricing_view", Some.AsOf.AddDays(-1)), new Signal("Pricing_View", Some.AsOf.AddDays(-2))], Some.AsOf, NoGroups);
        small.Count("pricing_view").ShouldBe(2);
        small.DaysSinceLast("pricing_view").ShouldBe(1);
    }
}
