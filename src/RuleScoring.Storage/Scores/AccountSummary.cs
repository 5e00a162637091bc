using RuleScoring.Core.Accounts;

namespace RuleScoring.Storage.Scores;

/// <summary>What a lead's score JSON says of its account: the key (null: free-mail or no domain) and the current account card, if scored.</summary>
public sealed record AccountSummary(string? Key, AccountCard? Card);
