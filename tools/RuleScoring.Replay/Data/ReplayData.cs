namespace RuleScoring.Replay.Data;

/// <summary>The deals to replay, and how many closed deals could not be (no date for the as-of policy).</summary>
internal sealed record ReplayData(IReadOnlyList<ReplayCase> Cases, int SkippedNoDate, int OpenOrNoDeal, string Source);
