using RuleScoring.Storage.Sla;

namespace RuleScoring.Worker.Api;

/// <summary>The body of <c>POST /leads/{id}/worked</c>: the follow-up tasks it closed.</summary>
internal sealed record WorkedResponse(string LeadId, IReadOnlyList<SlaTask> Closed);
