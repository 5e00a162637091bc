namespace RuleScoring.Core.Routing;

/// <summary>When a lead's SLA task falls due and which clock counted it.</summary>
/// <param name="TimeZone">The rep's IANA zone when their business hours were counted; null on the wall clock.</param>
/// <param name="Clock">How the time was counted ("business hours of Priya Shah", or why the wall clock stood in); null: the wall clock the tier asks for.</param>
public sealed record SlaDue(DateTimeOffset DueAt, string? TimeZone, string? Clock);
