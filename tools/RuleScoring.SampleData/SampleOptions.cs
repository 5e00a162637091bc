namespace RuleScoring.SampleData;

/// <summary>What to generate: how many leads, over which period, from which seed.</summary>
/// <param name="End">The end of the period (the demo's as-of time); no event lies after it.</param>
/// <param name="Days">The period's length: leads arrive and act over the <paramref name="Days"/> days before <paramref name="End"/>.</param>
/// <param name="MaxSignals">An upper bound on signals per lead (the benchmark's 0-40).</param>
/// <param name="Activity">Scales engagement volume: 1 gives ~10 signals per lead, 2.5 about 20.</param>
public sealed record SampleOptions(int Leads, int Seed, DateTimeOffset End, int Days = 365, int MaxSignals = 40, double Activity = 1)
{
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Leads);
        ArgumentOutOfRangeException.ThrowIfLessThan(Days, 30);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxSignals);
        ArgumentOutOfRangeException.ThrowIfNegative(Activity);
    }
}
