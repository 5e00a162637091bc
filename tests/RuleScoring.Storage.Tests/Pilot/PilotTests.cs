using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using RuleScoring.Core.Pilot;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Import;
using RuleScoring.Storage.Pilot;
using RuleScoring.Storage.Reports;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Pilot;

public sealed class PilotTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 8, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Leads L-00001.. created one every <paramref name="minutesApart"/> minutes from Day0.</summary>
    private static void Leads(TempDb temp, int from, int count, int minutesApart = 60)
    {
        var csv = new StringBuilder("lead_id,email,created_at\n");
        for (var i = from; i < from + count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"L-{i:D5},p{i}@co{i % 50}.com,{Day0.AddMinutes(i * minutesApart):yyyy-MM-ddTHH:mm:ssZ}\n");
        }

        ImportRun.File(temp, ImportKind.Leads, temp.Write($"leads-{from}.csv", csv.ToString())).Rejects.ShouldBeEmpty();
    }

    private static Dictionary<string, string> Groups(ScoreDatabase db) =>
        db.Connection.Query<(string, string)>("SELECT lead_id, grp FROM pilot_assignments").ToDictionary(r => r.Item1, r => r.Item2);

    [Fact]
    public void Assign_RunAgainAndOnAnotherDatabase_GivesEveryLeadTheSameGroup_AndOnlyNewLeadsAreAdded()
    {
        using var temp = new TempDb();
        Leads(temp, 1, 300);

        var first = temp.Db.Pilot.Assign(0.5, 7, null);
        var groups = Groups(temp.Db);
        temp.Clock.Advance(TimeSpan.FromDays(1));
        var again = temp.Db.Pilot.Assign(0.5, 7, null);
        Leads(temp, 301, 50);
        var later = temp.Db.Pilot.Assign(0.5, 7, null);

        (first.NewPilot + first.NewControl).ShouldBe(300);
        (again.NewPilot + again.NewControl).ShouldBe(0);
        (later.NewPilot + later.NewControl).ShouldBe(50);
        (later.TotalPilot + later.TotalControl).ShouldBe(350);
        var all = Groups(temp.Db);
        foreach (var (lead, group) in groups)
        {
            all[lead].ShouldBe(group, "a recorded group never changes");
        }

        all.ShouldAllBe(kv => kv.Value == PilotGroups.GroupOf(kv.Key, 7, 0.5));
        temp.Db.Connection.ExecuteScalar<string>("SELECT MIN(assigned_at) FROM pilot_assignments WHERE lead_id > 'L-00300'")
            .ShouldBe(SqlTimestamp.Format(TempDb.Now.AddDays(1)), "new leads carry the time of the run that assigned them");

        using var other = new TempDb();
        Leads(other, 1, 350);
        other.Db.Pilot.Assign(0.5, 7, null);
        Groups(other.Db).ShouldBe(all, ignoreOrder: true);
    }

    [Fact]
    public void Assign_AnotherShareOrSeed_IsRefusedNamingTheStartedPilot_AndChangesNothing()
    {
        using var temp = new TempDb();
        Leads(temp, 1, 20);
        temp.Db.Pilot.Assign(0.5, 7, null);
        Leads(temp, 21, 5);

        var ex = Should.Throw<PilotException>(() => temp.Db.Pilot.Assign(0.3, 7, null));
        Should.Throw<PilotException>(() => temp.Db.Pilot.Assign(0.5, 8, null));

        ex.Message.ShouldContain("--share 0.5 --seed 7");
        ex.Message.ShouldContain("--share 0.3");
        temp.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM pilot_assignments").ShouldBe(20);
    }

    [Fact]
    public void Assignments_CannotBeUpdatedOrDeleted()
    {
        using var temp = new TempDb();
        Leads(temp, 1, 3);
        temp.Db.Pilot.Assign(0.5, 1, null);

        Should.Throw<SqliteException>(() => temp.Db.Connection.Execute("UPDATE pilot_assignments SET grp = 'pilot'")).Message.ShouldContain("never changed");
        Should.Throw<SqliteException>(() => temp.Db.Connection.Execute("DELETE FROM pilot_assignments")).Message.ShouldContain("never removed");
    }

    [Fact]
    public void Assign_From_LeavesOutLeadsThatEnteredBefore()
    {
        using var temp = new TempDb();
        Leads(temp, 1, 48);

        var result = temp.Db.Pilot.Assign(0.5, 3, Day0.AddHours(24));

        result.BeforeStart.ShouldBe(23, "L-00001..L-00023 were created in the first 24 hours");
        (result.TotalPilot + result.TotalControl).ShouldBe(25);
        temp.Db.Pilot.GroupOf("L-00023").ShouldBeNull();
        temp.Db.Pilot.GroupOf("L-00024").ShouldNotBeNull();
    }

    /// <summary>
    /// Synthetic outcomes drawn per group: SAL with <paramref name="salPilot"/> / <paramref name="salControl"/>,
    /// the first disposition after about <paramref name="hoursPilot"/> / <paramref name="hoursControl"/> hours.
    /// </summary>
    private static TempDb Experiment(int leads, double salPilot, double salControl, double hoursPilot, double hoursControl)
    {
        var temp = new TempDb();
        Leads(temp, 1, leads, minutesApart: 90);
        temp.Db.Pilot.Assign(0.5, 11, null);
        var random = new Random(5);
        var dispositions = new StringBuilder("lead_id,status,at,reason\n");
        var deals = new StringBuilder("lead_id,outcome,created_at,closed_at\n");
        foreach (var (lead, group) in Groups(temp.Db).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var pilot = group == PilotGroups.Pilot;
            var created = Day0.AddMinutes(int.Parse(lead[2..], CultureInfo.InvariantCulture) * 90);
            var hours = (pilot ? hoursPilot : hoursControl) * Math.Exp(random.NextDouble() * 2 - 1);
            var accepted = random.NextDouble() < (pilot ? salPilot : salControl);
            if (random.NextDouble() < 0.8)
            {
                dispositions.Append(CultureInfo.InvariantCulture, $"{lead},{(accepted ? "accepted" : "rejected")},{created.AddHours(hours):yyyy-MM-ddTHH:mm:ssZ},{(accepted ? "" : "No budget")}\n");
            }

            if (accepted && random.NextDouble() < 0.5)
            {
                var outcome = random.Next(3) switch { 0 => "won", 1 => "lost", _ => "open" };
                deals.Append(CultureInfo.InvariantCulture, $"{lead},{outcome},{created.AddDays(3):yyyy-MM-dd},{(outcome == "open" ? "" : created.AddDays(40).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}\n");
            }
        }

        ImportRun.File(temp, ImportKind.Dispositions, temp.Write("dispositions.csv", dispositions.ToString())).Rejects.ShouldBeEmpty();
        ImportRun.File(temp, ImportKind.Deals, temp.Write("deals.csv", deals.ToString())).Rejects.ShouldBeEmpty();
        return temp;
    }

    [Fact]
    public void Report_Counts_MatchADirectSqlCount()
    {
        using var temp = Experiment(1200, 0.5, 0.4, 3, 10);

        var report = new PilotReportBuilder(temp.Db).Build();

        foreach (var stats in new[] { report.Pilot, report.Control })
        {
            var p = new { grp = stats.Group };
            var c = temp.Db.Connection;
            stats.Leads.ShouldBe(c.ExecuteScalar<long>("SELECT COUNT(*) FROM pilot_assignments WHERE grp = @grp", p));
            stats.Sal.ShouldBe(c.ExecuteScalar<long>("SELECT COUNT(DISTINCT x.lead_id) FROM dispositions x JOIN pilot_assignments a USING (lead_id) WHERE a.grp = @grp AND x.status = 'accepted'", p));
            stats.Dispositioned.ShouldBe(c.ExecuteScalar<long>("SELECT COUNT(DISTINCT x.lead_id) FROM dispositions x JOIN pilot_assignments a USING (lead_id) WHERE a.grp = @grp", p));
            stats.Opportunities.ShouldBe(c.ExecuteScalar<long>("SELECT COUNT(DISTINCT d.lead_id) FROM deals d JOIN pilot_assignments a USING (lead_id) WHERE a.grp = @grp", p));
            stats.Closed.ShouldBe(c.ExecuteScalar<long>("SELECT COUNT(DISTINCT d.lead_id) FROM deals d JOIN pilot_assignments a USING (lead_id) WHERE a.grp = @grp AND d.outcome <> 'open'", p));
            stats.Won.ShouldBe(c.ExecuteScalar<long>("SELECT COUNT(DISTINCT d.lead_id) FROM deals d JOIN pilot_assignments a USING (lead_id) WHERE a.grp = @grp AND d.outcome = 'won'", p));
        }

        (report.Pilot.Leads + report.Control.Leads).ShouldBe(1200);
        report.Cohorts.Select(r => r.Month).ShouldBe(["2026-08", "2026-09", "2026-10"]);
        report.Cohorts.Sum(r => r.Pilot.Leads).ShouldBe(report.Pilot.Leads);
        report.Cohorts.Sum(r => r.Control.Sal).ShouldBe(report.Control.Sal);
        // The synthetic history lies before the run that assigned it: the report says so.
        report.AssignedAfterFirstDisposition.ShouldBe(temp.Db.Connection.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM pilot_assignments a WHERE EXISTS (SELECT 1 FROM dispositions x WHERE x.lead_id = a.lead_id AND x.at < a.assigned_at)"));
        report.AssignedAfterFirstDisposition.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Report_RealDifference_IntervalsExcludeZeroAndHoldTheGap_IdenticalGroups_IntervalsHoldZero()
    {
        using var different = Experiment(2000, 0.45, 0.30, 2, 8);
        using var same = Experiment(2000, 0.35, 0.35, 5, 5);

        var gap = new PilotReportBuilder(different.Db).Build();
        var none = new PilotReportBuilder(same.Db).Build();

        var sal = gap.Comparisons[0].Difference.ShouldNotBeNull();
        sal.IncludesZero.ShouldBeFalse();
        sal.Low.ShouldBeLessThan(0.15);
        sal.High.ShouldBeGreaterThan(0.15);
        var speed = gap.SpeedToLeadDifferenceHours.ShouldNotBeNull();
        speed.IncludesZero.ShouldBeFalse();
        speed.Low.ShouldBeLessThan(-6, "the true medians are 2 h and 8 h");
        speed.High.ShouldBeGreaterThan(-6);

        none.Comparisons[0].Difference.ShouldNotBeNull().IncludesZero.ShouldBeTrue();
        none.SpeedToLeadDifferenceHours.ShouldNotBeNull().IncludesZero.ShouldBeTrue();
        none.Comparisons[2].Difference.ShouldNotBeNull().IncludesZero.ShouldBeTrue("won and lost are drawn alike in both groups");
    }
}
