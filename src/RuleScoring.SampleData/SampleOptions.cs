namespace RuleScoring.SampleData;

/// <summary>What to generate: how many leads, over which period, from which seed.</summary>
/// <param name="End">The end of the period (the demo's as-of time); no event lies after it.</param>
/// <param name="Days">The period's length: leads arrive and act over the <paramref name="Days"/> days before <paramref name="End"/>.</param>
/// <param name="MaxSignals">An upper bound on signals per lead (the benchmark's 0-40).</param>
/// <param name="Activity">Scales engagement volume: 1 gives ~10 signals per lead, 2.5 about 20.</param>
/// <param name="Committees">
/// Share (0-1) of companies in a buying cycle that buy as a committee: their contacts are spread
/// over economic buyer, technical evaluator and champion seats. 0 (the default) leaves every
/// lead exactly as before committees existed, so data sets that tests and benchmarks pin keep their numbers.
/// </param>
/// <param name="Pilot">A pilot vs control split the history already followed; null (the default) generates no pilot effect.</param>
public sealed record SampleOptions(int Leads, int Seed, DateTimeOffset End, int Days = 365, int MaxSignals = 40, double Activity = 1, double Committees = 0, SamplePilot? Pilot = null)
{
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Leads);
        ArgumentOutOfRangeException.ThrowIfLessThan(Days, 30);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxSignals);
        ArgumentOutOfRangeException.ThrowIfNegative(Activity);
        ArgumentOutOfRangeException.ThrowIfNegative(Committees);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Committees, 1);
        if (Pilot is not null)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Pilot.Share);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(Pilot.Share, 1);
        }
    }
}
