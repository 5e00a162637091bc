namespace RuleScoring.Worker.Api;

/// <summary>The 202 of <c>POST /leads</c>.</summary>
internal sealed record LeadsAccepted(int Accepted, int LeadsInserted, int LeadsUpdated, int LeadsUnchanged, int SignalsInserted, int SignalsDuplicate);
