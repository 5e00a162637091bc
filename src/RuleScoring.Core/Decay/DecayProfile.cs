namespace RuleScoring.Core.Decay;

/// <summary>
/// A named age-to-multiplier table from model.json, e.g. behavior: 0-30 days 100 %, 31-60 75 %,
/// 61-90 50 %, 91-180 25 %, older 0. Ages are whole days, so day 30 is still in the first step.
/// </summary>
public sealed class DecayProfile
{
    public DecayProfile(string name, IReadOnlyList<DecayStep> steps, decimal otherwise)
    {
        Name = name;
        _steps = steps.OrderBy(s => s.UpToDays).ToArray();
        Otherwise = otherwise;
        // Every age in one step's range has the same answer: worked out once per step, not per piece of evidence.
        _nextChangeInStep = [.. _steps.Select(s => NextChangeFrom(s.UpToDays))];
    }

    // Read per piece of evidence on every score: walked as an array, not through the interface (no enumerator each time).
    private readonly DecayStep[] _steps;
    private readonly int?[] _nextChangeInStep;

    public string Name { get; }
    public IReadOnlyList<DecayStep> Steps => _steps;
    /// <summary>The multiplier for evidence older than the last step (0 for most profiles, 1 for "none").</summary>
    public decimal Otherwise { get; }

    public decimal MultiplierAt(int ageDays) => StepOf(ageDays) is >= 0 and var step ? _steps[step].Multiplier : Otherwise;

    /// <summary>The next age (in days) at which the multiplier changes, or null when it never will.</summary>
    /// <remarks>Past the last step the multiplier is <see cref="Otherwise"/> for good.</remarks>
    public int? NextChangeAfter(int ageDays) => StepOf(ageDays) is >= 0 and var step ? _nextChangeInStep[step] : null;

    /// <summary>The first step whose range holds <paramref name="ageDays"/>; -1 past the last.</summary>
    private int StepOf(int ageDays)
    {
        for (var i = 0; i < _steps.Length; i++)
        {
            if (ageDays <= _steps[i].UpToDays)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The answer for one age: the first step boundary at or past it where the multiplier differs from the age's.</summary>
    private int? NextChangeFrom(int ageDays)
    {
        var current = MultiplierAt(ageDays);
        foreach (var step in _steps)
        {
            if (step.UpToDays >= ageDays && MultiplierAt(step.UpToDays + 1) != current)
            {
                return step.UpToDays + 1;
            }
        }

        return null;
    }
}
