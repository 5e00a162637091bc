using RuleScoring.Core.Leads;

namespace RuleScoring.Core.Tests.Support;

/// <summary>Test data: <c>Some.Lead().Vp().At(300).Signal("demo_request", daysAgo: 1).Build()</c>.</summary>
internal static class Some
{
    public static readonly DateTimeOffset AsOf = FixedClock.Now;

    public static LeadBuilder Lead(string id = "L-1") => new(id);

    /// <summary>The sample generator's leads (seeded), their signals up to <see cref="AsOf"/>.</summary>
    public static IReadOnlyList<Lead> Generated(int leads, int seed) =>
        RuleScoring.SampleData.SampleGenerator.Generate(new RuleScoring.SampleData.SampleOptions(Leads: leads, Seed: seed, End: AsOf)).Select(s => s.Lead).ToList();

    /// <summary>A lead the default model considers a good fit: a VP of a 300-person US software company in sales.</summary>
    public static LeadBuilder IdealCustomer(string id = "L-ideal") => Lead(id)
        .With("email", "dana@northwind.com")
        .With("employees", "300")
        .With("industry", "Software")
        .With("country", "United States")
        .With("title", "VP Sales")
        .With("function", "Sales");
}

internal sealed class LeadBuilder(string id)
{
    private readonly Dictionary<string, string> _attributes = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Signal> _signals = [];

    public LeadBuilder With(string attribute, string value)
    {
        _attributes[attribute] = value;
        return this;
    }

    public LeadBuilder Without(string attribute)
    {
        _attributes.Remove(attribute);
        return this;
    }

    /// <summary>A signal <paramref name="daysAgo"/> whole days (plus <paramref name="hours"/>) before <see cref="Some.AsOf"/>.</summary>
    public LeadBuilder Signal(string type, int daysAgo, string? topic = null, double? value = null, double hours = 0)
    {
        _signals.Add(new Signal(type, Some.AsOf.AddDays(-daysAgo).AddHours(-hours), $"e{_signals.Count + 1}", topic, value));
        return this;
    }

    public LeadBuilder Signals(string type, int count, int daysAgo)
    {
        for (var i = 0; i < count; i++)
        {
            Signal(type, daysAgo);
        }

        return this;
    }

    public Lead Build() => Lead.Create(id, _attributes, _signals);
}
