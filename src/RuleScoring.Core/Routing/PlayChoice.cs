namespace RuleScoring.Core.Routing;

/// <summary>The play a card gets, and the reason that chose it (null: the tier's default play).</summary>
public sealed record PlayChoice(Play Play, string? Reason);
