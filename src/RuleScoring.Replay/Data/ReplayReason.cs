namespace RuleScoring.Replay.Data;

/// <summary>A fired rule on a replayed score: its code and the points it gave.</summary>
internal sealed record ReplayReason(string Code, decimal Points);
