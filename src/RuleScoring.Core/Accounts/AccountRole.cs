namespace RuleScoring.Core.Accounts;

/// <summary>A buying-committee seat from model.json (economic buyer, champion...): a contact plays the first role whose expression holds.</summary>
public sealed record AccountRole(string Name, string Label, string Expression);
