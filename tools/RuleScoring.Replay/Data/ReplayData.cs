namespace RuleScoring.Replay.Data;

/// <summary>
/// The deals to replay, and what could not be: closed deals without a date for the as-of policy,
/// leads (or accounts) without a closed deal, and at account level the closed deals whose lead
/// belongs to no account (free mail, no domain).
/// </summary>
internal sealed record ReplayData(IReadOnlyList<ReplayCase> Cases, int SkippedNoDate, int OpenOrNoDeal, string Source, ReplayLevel Level = ReplayLevel.Lead, int NoAccount = 0);
