namespace RuleScoring.Storage.Accounts;

/// <summary>What one account rescore did: accounts scored, history rows appended (only changed cards), and how long it took.</summary>
public sealed record AccountRescoreResult(int Accounts, int HistoryRows, int TierChanges, TimeSpan Elapsed);
