using RuleScoring.Core.Statistics;

namespace RuleScoring.Storage.Reports;

/// <summary>
/// One group's outcomes, counted per lead: SAL = sales accepted it (an accepted disposition);
/// opportunity = it has a deal; win rate = won / closed deals; speed-to-lead = hours from the
/// lead's entry (created_at, else first signal) to its first disposition, for leads that have one.
/// </summary>
public sealed record PilotGroupStats(string Group, long Leads, long Sal, long Opportunities, long Closed, long Won, long Dispositioned, double? MedianHoursToFirstDisposition)
{
    public Interval? SalRate => ConfidenceIntervals.Wilson(Sal, Leads);

    public Interval? OpportunityRate => ConfidenceIntervals.Wilson(Opportunities, Leads);

    public Interval? WinRate => ConfidenceIntervals.Wilson(Won, Closed);
}
