namespace RuleScoring.Replay.Data;

/// <summary>
/// The deals to replay, and what could not be: closed deals without a date for the as-of policy,
/// deals left out (closed before created, a point before the lead existed or before any of its
/// signals, outside --from/--until), leads (or accounts) without a closed deal, and at account level the closed deals whose lead
/// belongs to no account (free mail, no domain).
/// </summary>
internal sealed record ReplayData(IReadOnlyList<ReplayCase> Cases, int SkippedNoDate, int OpenOrNoDeal, string Source, ReplayLevel Level = ReplayLevel.Lead, int NoAccount = 0)
{
    /// <summary>Closed deals not replayed, by reason, the most first (the deals without a date for the as-of among them).</summary>
    public IReadOnlyList<LeftOutDeals> LeftOut { get; init; } = [];

    /// <summary>Replayed deals scored as of their lead's creation because they have no creation date of their own.</summary>
    public int AsOfFromLeadCreation { get; init; }

    /// <summary>The --from / --until period the deals' points were restricted to.</summary>
    public ReplayPeriod Period { get; init; } = ReplayPeriod.All;
}
