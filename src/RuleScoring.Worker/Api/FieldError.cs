namespace RuleScoring.Worker.Api;

/// <summary>One thing wrong with a posted payload: which item (0-based, in a batch), which field, what.</summary>
public sealed record FieldError(int Item, string Field, string Message);
