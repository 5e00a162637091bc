namespace RuleScoring.Replay.Routing;

/// <summary>Leads the base rules sent to <paramref name="From"/> and head's to <paramref name="To"/>.</summary>
internal sealed record QueueMove(string From, string To, int Leads);
