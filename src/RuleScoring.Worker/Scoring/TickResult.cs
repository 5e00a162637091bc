namespace RuleScoring.Worker.Scoring;

/// <summary>What one tick did, by why each lead was scored.</summary>
/// <param name="ForRules">Leads scored because they had no score yet or one from another rule version.</param>
/// <param name="ForSignals">Leads scored because signals arrived that their score had not seen.</param>
/// <param name="ForDecay">Leads scored because their next change time passed: a decay boundary, window end or dated signal, or attributes changed by an import.</param>
/// <param name="Completed">False when the host stopped the tick between batches (every stored batch is whole).</param>
public sealed record TickResult(
    DateTimeOffset AsOf,
    string RulesVersion,
    int ForRules,
    int ForSignals,
    int ForDecay,
    int HistoryRows,
    int TierChanges,
    int SlaBreached,
    int SlaClosedByDisposition,
    TimeSpan Elapsed,
    bool Completed)
{
    /// <summary>Accounts rescored because one of their leads was (see <see cref="ScoringTick"/>).</summary>
    public int Accounts { get; init; }

    /// <summary>Lifecycle stage transitions appended for the leads scored in this tick.</summary>
    public int StageTransitions { get; init; }

    /// <summary>
    /// Of <see cref="ForRules"/>, the leads whose cards the new rules gave again from their stored
    /// reasons, without reading their signals: the rules changed only in weights (points, motion
    /// weights, caps, tier rules) and nothing was due for them before the as-of.
    /// </summary>
    public int ReweighedForRules { get; init; }

    /// <summary>Leads never scored under these rules that were created after the as-of: left out, so no card predates its lead.</summary>
    public long NotYetCreated { get; init; }

    public int Scored => ForRules + ForSignals + ForDecay;
}
