namespace RuleScoring.Storage.Lifecycle;

/// <summary>What one lifecycle update appended: transitions (of which recycles) over how many leads.</summary>
public sealed record LifecycleUpdateResult(int Leads, int Transitions, int Recycles)
{
    /// <summary>
    /// Leads whose first card ever came after their deal closed and would have qualified: a
    /// history scored once at the end (backfilled), not re-qualification, so no recycle is stored.
    /// </summary>
    public int FirstScoredAfterClose { get; init; }

    /// <summary>Two results of different leads together (the batches of one rescore).</summary>
    public LifecycleUpdateResult Plus(LifecycleUpdateResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Leads + other.Leads, Transitions + other.Transitions, Recycles + other.Recycles)
        {
            FirstScoredAfterClose = FirstScoredAfterClose + other.FirstScoredAfterClose,
        };
    }
}
