namespace RuleScoring.Replay.Data;

/// <summary>Closed deals the replay could not score honestly, by reason ("closed before it was created"), counted.</summary>
internal sealed record LeftOutDeals(string Reason, int Deals);
