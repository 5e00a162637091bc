namespace RuleScoring.Core.Accounts;

/// <summary>A fired account rule: its points and its text for the account owner.</summary>
public sealed record AccountReason(string Code, decimal Points, string Text);
