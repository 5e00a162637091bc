namespace RuleScoring.Worker.Api;

/// <summary>The 202 of <c>POST /signals</c>: a signal seen before (same event id) counts as duplicate, not inserted.</summary>
internal sealed record SignalsAccepted(int Accepted, int Inserted, int Duplicate);
