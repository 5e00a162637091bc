using System.Text.Json.Serialization;
using RuleScoring.Storage.Sla;

namespace RuleScoring.Worker.Api;

/// <summary>
/// The body of <c>GET /leads/{id}</c>: the stored card as its own writer wrote it, the lead's
/// follow-up tasks, its account, and (beside the card, never in it) who works it and the play.
/// </summary>
internal sealed record LeadResponse(string LeadId, long ScoreId, string? PreviousTier, RawJson Card, IReadOnlyList<SlaTask> SlaTasks, LeadAccount Account)
{
    /// <summary>Left out when the lead was never routed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LeadRouting? Routing { get; init; }
}

/// <summary>Who works the lead, why, the play chosen when it was routed, and every step since.</summary>
internal sealed record LeadRouting(string Queue, string? Owner, string Status, string Why, string? Rule, string? Error, DateTimeOffset RoutedAt, RawJson? Play,
    IReadOnlyList<RuleScoring.Storage.Routing.RouteStep> Steps);

/// <summary>
/// The lead's account key (null when it has none); a scored account adds its tier and coverage
/// (<see cref="ScoredLeadAccount"/>), an unscored one shows the key alone. Not sealed: the two
/// shapes are one property, and the serializer picks the fields by the runtime type. The key
/// comes first in both (the serializer would put a base's properties after the derived ones).
/// </summary>
[JsonDerivedType(typeof(ScoredLeadAccount))]
internal record LeadAccount([property: JsonPropertyOrder(-1)] string? Key);

/// <summary>A scored account beside a lead: the whole card is at <c>/accounts/{account}</c>.</summary>
internal sealed record ScoredLeadAccount(string? Key, string? Tier, decimal Score, string CommitteeCoverage, IReadOnlyList<string> RolesEngaged, IReadOnlyList<string> RolesMissing)
    : LeadAccount(Key);
