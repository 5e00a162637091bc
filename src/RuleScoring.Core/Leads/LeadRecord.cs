namespace RuleScoring.Core.Leads;

/// <summary>One record read from a lead file: the lead, or why it could not be read and where.</summary>
public sealed record LeadRecord(int Line, Lead? Lead, string? Error);
