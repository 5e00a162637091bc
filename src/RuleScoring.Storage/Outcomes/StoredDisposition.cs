namespace RuleScoring.Storage.Outcomes;

/// <summary>A rep's disposition of a lead (accepted, rejected, ...) at a time.</summary>
/// <param name="Reason">Null or empty when the rep gave none.</param>
public sealed record StoredDisposition(string LeadId, string Status, DateTimeOffset At, string? Reason);
