using RuleScoring.Core.Rules;
using RuleScoring.Storage.Reports;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Reports;

/// <summary>
/// The council's "rules whose fire rate moved most" reads each lead's latest card now and before
/// this month in two streamed queries; it must count what each lead's own history says.
/// </summary>
public sealed class CouncilFireRatesTests
{
    [Fact]
    public void FireRates_CountEachLeadsLatestCardNowAndBeforeTheMonth_AsItsHistorySays()
    {
        using var temp = new TempDb();
        SampleLeads.Store(temp);
        var leads = SampleLeads.All;
        var thisStart = new DateTimeOffset(TempDb.Now.Year, TempDb.Now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        void ScoreAt(IEnumerable<Core.Leads.Lead> some, DateTimeOffset asOf) =>
            temp.Db.Scores.Save([.. some.Select(l => new ScoredLead(Scoring.Scorer.Score(l, asOf)))]);

        // Last month out of order (the later card stored first), a lead first scored this month, and decay between.
        ScoreAt(leads.Skip(1), thisStart.AddDays(-5));
        ScoreAt(leads.Skip(1), thisStart.AddDays(-40));
        ScoreAt(leads, thisStart.AddDays(10));
        ScoreAt(leads.Take(3), thisStart.AddDays(18));

        var rules = RuleSetLoader.Load(Repo.Rules).Identity;
        var moves = new CouncilReportBuilder(temp.Db).Build(rules).Drift.Rules;

        var now = new Dictionary<string, long>(StringComparer.Ordinal);
        var then = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var lead in leads)
        {
            var history = temp.Db.Scores.History(lead.LeadId);
            foreach (var code in history[^1].Card.Reasons.Select(r => r.Code).Distinct())
            {
                now[code] = now.GetValueOrDefault(code) + 1;
            }

            if (history.Where(h => h.AsOf < thisStart).MaxBy(h => (h.AsOf, h.Id)) is { } before)
            {
                foreach (var code in before.Card.Reasons.Select(r => r.Code).Distinct())
                {
                    then[code] = then.GetValueOrDefault(code) + 1;
                }
            }
        }

        moves.ShouldNotBeEmpty();
        foreach (var move in moves)
        {
            (move.Rule, move.LastMonthLeads, move.ThisMonthLeads).ShouldBe((move.Rule, then.GetValueOrDefault(move.Rule), now.GetValueOrDefault(move.Rule)));
        }

        moves.Sum(m => m.LastMonthLeads).ShouldBeGreaterThan(0, "last month's cards are found");
    }
}
