namespace RuleScoring.Core.Accounts;

/// <summary>A scoring rule of account.json: points to the account when its expression holds.</summary>
public sealed record AccountRule(string Name, string Expression, decimal Points, string ReasonTemplate);
