namespace RuleScoring.Storage.Scores;

/// <summary>What one <see cref="ScoreStore.Save"/> wrote.</summary>
/// <param name="HistoryRows">Cards appended to the history (an identical rescore appends none).</param>
/// <param name="TierChanges">Outbox rows: leads whose tier changed, or that got their first tier.</param>
/// <param name="SlaTasks">Follow-up tasks opened because a lead entered a tier with an SLA.</param>
public sealed record ScoreSaveResult(int Leads, int HistoryRows, int TierChanges, int SlaTasks)
{
    /// <summary>Leads routed (entered a routed tier, or moved to another queue).</summary>
    public int Routed { get; init; }

    /// <summary>Lifecycle transitions appended for the batch's new cards (<see cref="BatchFollowUp.Lifecycle"/>).</summary>
    public int StageTransitions => Lifecycle?.Transitions ?? 0;

    /// <summary>What following the lifecycle in the batch appended (<see cref="BatchFollowUp.Lifecycle"/>; null: not followed).</summary>
    public Lifecycle.LifecycleUpdateResult? Lifecycle { get; init; }

    /// <summary>Accounts marked for the roll-up (<see cref="BatchFollowUp.AccountKeys"/>).</summary>
    public int AccountsMarked { get; init; }
}
