namespace RuleScoring.Storage.Scores;

/// <summary>How far a rescore is: leads scored of the total (leads created by the as-of) when it started.</summary>
public sealed record RescoreProgress(long Scored, long Total, long HistoryRows, long TierChanges, long WithErrors, TimeSpan Elapsed)
{
    /// <summary>Leads created after the as-of: not scored, so no card predates its lead.</summary>
    public long NotYetCreated { get; init; }

    /// <summary>Lifecycle transitions the batches appended, when the rescore followed the lifecycle (null: it did not).</summary>
    public Lifecycle.LifecycleUpdateResult? Lifecycle { get; init; }

    public double LeadsPerSecond => Elapsed > TimeSpan.Zero ? Scored / Elapsed.TotalSeconds : 0;

    /// <summary>Time left at the rate so far; null until there is a rate.</summary>
    public TimeSpan? Remaining => LeadsPerSecond > 0 && Total >= Scored ? TimeSpan.FromSeconds((Total - Scored) / LeadsPerSecond) : null;
}
