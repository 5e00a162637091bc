namespace RuleScoring.Core.Outcomes;

/// <summary>A composite band: scores from <paramref name="From"/> (inclusive) up to <paramref name="To"/> (exclusive).</summary>
public sealed record ScoreBand(string Label, decimal From, decimal To)
{
    public bool Contains(decimal score) => score >= From && score < To;
}
