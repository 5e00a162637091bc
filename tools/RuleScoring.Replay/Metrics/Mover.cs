namespace RuleScoring.Replay.Metrics;

/// <summary>A deal whose score moved most between the versions, with the reasons that moved it.</summary>
internal sealed record Mover(string LeadId, bool Won, decimal BaseComposite, string BaseTier, decimal HeadComposite, string HeadTier, IReadOnlyList<string> ReasonChanges);
