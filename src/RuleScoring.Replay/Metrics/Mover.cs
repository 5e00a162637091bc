namespace RuleScoring.Replay.Metrics;

/// <summary>A deal whose score (lead composite or account score) moved most between the versions, with the reasons that moved it.</summary>
internal sealed record Mover(string Id, bool Won, decimal BaseScore, string BaseTier, decimal HeadScore, string HeadTier, IReadOnlyList<string> ReasonChanges);
