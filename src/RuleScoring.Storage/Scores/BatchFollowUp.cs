namespace RuleScoring.Storage.Scores;

/// <summary>What <see cref="ScoreStore.Save"/> also does for a batch, in the batch's transaction.</summary>
/// <param name="Lifecycle">Moves the leads' lifecycle stages from the batch's new cards (<see cref="Storage.Lifecycle.LifecycleStore.Follow"/>).</param>
/// <param name="AccountKeys">
/// Each lead's account as its attributes name it (null: none): the leads move to those accounts and
/// every account that has or had one of them is marked for the roll-up (<see cref="Accounts.AccountStore.Drain"/>).
/// Null: accounts are left alone.
/// </param>
public sealed record BatchFollowUp(bool Lifecycle, IReadOnlyDictionary<string, string?>? AccountKeys = null);
