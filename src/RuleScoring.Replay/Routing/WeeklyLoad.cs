namespace RuleScoring.Replay.Routing;

/// <summary>
/// One queue's or rep's leads a week under one version, over the replay's weeks, against the
/// capacity that version's teams.json gives them (each member's daily capacity on their working
/// days of the week, out-of-office days left out).
/// </summary>
/// <param name="PeakWeek">The ISO week with the most leads (the earliest of equal ones), e.g. 2026-W14.</param>
/// <param name="PeakWeekCapacity">The capacity in <paramref name="PeakWeek"/>.</param>
/// <param name="WeeksOverCapacity">Weeks with more leads than that week's capacity.</param>
internal sealed record WeeklyLoad(int Leads, double Mean, int Peak, string PeakWeek, int PeakWeekCapacity, double MeanCapacity, int WeeksOverCapacity)
{
    public bool OverCapacity => Mean > MeanCapacity || Peak > PeakWeekCapacity || WeeksOverCapacity > 0;
}
