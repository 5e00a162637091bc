using System.Text.Json.Serialization;
using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Routing;

// teams.json, plays.json and routing.json's rule properties exactly as ops people write them
// (unknown properties are errors, as in the other rules files).

internal sealed class TeamsDocument
{
    [JsonPropertyName(ContentHash.SchemaProperty)] public string? Schema { get; init; }
    public string? Description { get; init; }
    public required string[] RoutedTiers { get; init; }
    public required string FallbackQueue { get; init; }
    public required Dictionary<string, QueueDocument> Queues { get; init; }
    public required Dictionary<string, MemberDocument> Members { get; init; }
}

internal sealed class QueueDocument
{
    public string? Description { get; init; }
    public required string[] Members { get; init; }
    public required EscalationDocument Escalation { get; init; }
    public required FallbackDocument Fallback { get; init; }
}

internal sealed class EscalationDocument
{
    public required string To { get; init; }
    public required int GraceMinutes { get; init; }
}

internal sealed class FallbackDocument
{
    /// <summary>hold, escalate or queue.</summary>
    public required string Action { get; init; }
    public string? Queue { get; init; }
}

internal sealed class MemberDocument
{
    public required string Name { get; init; }
    public string? Role { get; init; }
    public int Weight { get; init; } = 1;
    public required int CapacityPerDay { get; init; }
    public required string TimeZone { get; init; }
    /// <summary>Local working hours, e.g. 08:00-17:00.</summary>
    public required string Hours { get; init; }
    public string[] Days { get; init; } = ["Mon", "Tue", "Wed", "Thu", "Fri"];
    /// <summary>Local dates (2026-12-24) or ranges (2026-12-21..2026-12-31).</summary>
    public string[] OutOfOffice { get; init; } = [];
}

internal sealed class RoutePropertiesDocument
{
    public required string Queue { get; init; }
    public required string Reason { get; init; }
    public bool Reassign { get; init; }
}

internal sealed class PlaysDocument
{
    [JsonPropertyName(ContentHash.SchemaProperty)] public string? Schema { get; init; }
    public string? Description { get; init; }
    public required PlayDocument[] Plays { get; init; }
}

internal sealed class PlayDocument
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string[] Reasons { get; init; } = [];
    public string[] Tiers { get; init; } = [];
    public required string TalkTrack { get; init; }
    public string? Content { get; init; }
    public string? Sequence { get; init; }
}
