using Dapper;
using RuleScoring.Core.Pilot;
using RuleScoring.Core.Statistics;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Reports;

/// <summary>
/// Compares the pilot group with the control group from what is stored: one row per assigned
/// lead with its outcomes, counted here. Rates get Wilson intervals, differences Newcombe's;
/// the median speed-to-lead difference a percentile bootstrap (fixed seed: the same data give
/// the same interval).
/// </summary>
public sealed class PilotReportBuilder(ScoreDatabase db)
{
    public const int Resamples = 2000;

    public PilotReport Build()
    {
        var leads = db.Connection.Query<LeadRow>("""
            SELECT a.lead_id AS LeadId, a.grp AS "Group", a.entered_at AS EnteredAt, a.assigned_at AS AssignedAt,
                   EXISTS (SELECT 1 FROM dispositions x WHERE x.lead_id = a.lead_id AND x.status = 'accepted') AS Sal,
                   (SELECT MIN(x.at) FROM dispositions x WHERE x.lead_id = a.lead_id AND x.at >= a.entered_at) AS FirstDisposition,
                   (SELECT MIN(x.at) FROM dispositions x WHERE x.lead_id = a.lead_id) AS AnyDisposition,
                   EXISTS (SELECT 1 FROM deals d WHERE d.lead_id = a.lead_id) AS Opportunity,
                   EXISTS (SELECT 1 FROM deals d WHERE d.lead_id = a.lead_id AND d.outcome IN ('won', 'lost')) AS Closed,
                   EXISTS (SELECT 1 FROM deals d WHERE d.lead_id = a.lead_id AND d.outcome = 'won') AS Won,
                   EXISTS (SELECT 1 FROM deals d WHERE d.lead_id = a.lead_id AND d.outcome = 'open') AS OpenDeal
            FROM pilot_assignments a
            ORDER BY a.lead_id
            """).ToList();

        var pilot = Stats(PilotGroups.Pilot, leads);
        var control = Stats(PilotGroups.Control, leads);
        var comparisons = new List<PilotComparison>
        {
            new("SAL rate (accepted by sales / leads)", pilot.SalRate, control.SalRate,
                ConfidenceIntervals.RateDifference(pilot.Sal, pilot.Leads, control.Sal, control.Leads)),
            new("opportunity rate (leads with a deal / leads)", pilot.OpportunityRate, control.OpportunityRate,
                ConfidenceIntervals.RateDifference(pilot.Opportunities, pilot.Leads, control.Opportunities, control.Leads)),
            new("win rate (won / closed deals)", pilot.WinRate, control.WinRate,
                ConfidenceIntervals.RateDifference(pilot.Won, pilot.Closed, control.Won, control.Closed)),
        };
        var speed = ConfidenceIntervals.MedianDifference(Hours(PilotGroups.Pilot, leads), Hours(PilotGroups.Control, leads), Resamples);
        var cohorts = leads.GroupBy(l => l.EnteredAt.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PilotCohortRow(g.Key, Stats(PilotGroups.Pilot, g), Stats(PilotGroups.Control, g), g.Count(l => l.OpenDeal)))
            .ToList();
        return new PilotReport(db.Pilot.Settings(), pilot, control, comparisons, speed, cohorts,
            leads.Count(l => l.AnyDisposition is { } d && d < l.AssignedAt), Resamples);
    }

    private static PilotGroupStats Stats(string group, IEnumerable<LeadRow> all)
    {
        var rows = all.Where(l => l.Group == group).ToList();
        var hours = rows.Where(l => l.FirstDisposition is not null).Select(HoursToFirst).ToArray();
        return new PilotGroupStats(group, rows.Count, rows.Count(l => l.Sal), rows.Count(l => l.Opportunity), rows.Count(l => l.Closed), rows.Count(l => l.Won),
            hours.Length, hours.Length == 0 ? null : Percentiles.Median(hours));
    }

    private static List<double> Hours(string group, List<LeadRow> leads) =>
        leads.Where(l => l.Group == group && l.FirstDisposition is not null).Select(HoursToFirst).ToList();

    private static double HoursToFirst(LeadRow l) => (l.FirstDisposition!.Value - l.EnteredAt).TotalHours;

    private sealed class LeadRow
    {
        public string LeadId { get; set; } = "";
        public string Group { get; set; } = "";
        public DateTimeOffset EnteredAt { get; set; }
        public DateTimeOffset AssignedAt { get; set; }
        public bool Sal { get; set; }
        public DateTimeOffset? FirstDisposition { get; set; }
        public DateTimeOffset? AnyDisposition { get; set; }
        public bool Opportunity { get; set; }
        public bool Closed { get; set; }
        public bool Won { get; set; }
        public bool OpenDeal { get; set; }
    }
}
