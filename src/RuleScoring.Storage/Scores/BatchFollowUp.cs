namespace RuleScoring.Storage.Scores;

/// <summary>What <see cref="ScoreStore.Save"/> also does for a batch, in the batch's transaction.</summary>
/// <param name="Lifecycle">Moves the leads' lifecycle stages from the batch's new cards (<see cref="Storage.Lifecycle.LifecycleStore.Follow"/>).</param>
public sealed record BatchFollowUp(bool Lifecycle);
