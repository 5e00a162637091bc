namespace RuleScoring.Core.Leads;

/// <summary>One event about a lead, as it arrives from a CRM, a web tracker or a third-party feed.</summary>
public sealed record Signal(
    string Type,
    DateTimeOffset OccurredAt,
    string? EventId = null,
    string? Topic = null,
    double? Value = null,
    string? Source = null);
