using System.Text.Json.Serialization;

namespace RuleScoring.Storage.Sla;

/// <summary>A follow-up task a tier's SLA opened for a lead.</summary>
/// <param name="Status">open, worked, breached (past due unworked; it may still be worked late) or superseded (the lead left the tier).</param>
public sealed record SlaTask(long Id, string LeadId, long ScoreId, string Tier, string SalesAction, DateTimeOffset OpenedAt, DateTimeOffset DueAt,
    string Status, DateTimeOffset? WorkedAt, string? WorkedBy, DateTimeOffset? BreachedAt)
{
    // Left out of JSON bodies (GET /leads/{id}) when null, so a wall-clock task keeps the bytes it had before slaClock.
    /// <summary>How the due time was counted: null on the wall clock the tier asks for; "business hours of …" or why the wall clock stood in.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Clock { get; init; }

    /// <summary>The rep's IANA zone when their business hours were counted.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClockZone { get; init; }
}
