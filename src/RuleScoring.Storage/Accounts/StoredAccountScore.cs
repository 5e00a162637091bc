using RuleScoring.Core.Accounts;

namespace RuleScoring.Storage.Accounts;

/// <summary>One row of an account's score history (or its current card).</summary>
public sealed record StoredAccountScore(long Id, AccountCard Card, DateTimeOffset ScoredAt, string? PreviousTier);
