using Microsoft.Extensions.Time.Testing;
using RuleScoring.Core.Leads;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Leads;

/// <summary>
/// A lead imported again with other attributes (a new title, a company that shrank, an
/// unsubscribe) brings no signal and moves no decay boundary, yet its card was scored on the old
/// ones: the card must come due, or the worker keeps the old score for good. Both stores.
/// </summary>
[Collection(TestPostgres.Collection)]
public sealed class ChangedAttributesTests(TestPostgres postgres, ITestOutputHelper output)
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sqlite_LeadSavedWithOtherAttributes_ComesDue_AndOnlyIt()
    {
        using var temp = new TempDb();
        temp.Clock.SetUtcNow(At.AddHours(1));
        ChangedLeadComesDue(temp.Db);
    }

    [SkippableFact]
    public void Postgres_LeadSavedWithOtherAttributes_ComesDue_AndOnlyIt()
    {
        postgres.SkipUnlessAvailable(output);
        ChangedLeadComesDue(ScoreDatabase.Open(postgres.CreateDatabase(), new FakeTimeProvider(At.AddHours(1))));
    }

    private static void ChangedLeadComesDue(ScoreDatabase db)
    {
        using var _ = db;
        var leads = Enumerable.Range(1, 3).Select(i => HotLeads.Hot($"L-{i}", $"vp{i}@company{i}.com", At)).ToArray();
        db.Leads.Save(leads);
        new Rescorer(db, Scoring.Scorer).RescoreAll(At, batchSize: 10);
        var before = db.Scores.Current("L-2").ShouldNotBeNull().Card;
        db.Scores.DueLeads(At, 100).ShouldBeEmpty("nothing changed since the cards were scored");

        // L-1 exported again unchanged; L-2 now has 6 employees (under 10: fewer fit points).
        var shrunk = Lead.Create("L-2", new Dictionary<string, string>(leads[1].Attributes) { ["employees"] = "6" }, leads[1].Signals);
        var saved = db.Leads.Save([leads[0], shrunk]);

        saved.LeadsUpdated.ShouldBe(1);
        db.Scores.DueLeads(At, 100).ShouldBe(["L-2"], "due at its own as-of, so a tick at any later time scores it again");
        new Rescorer(db, Scoring.Scorer).RescoreAll(At.AddMinutes(5), batchSize: 10);
        var card = db.Scores.Current("L-2").ShouldNotBeNull().Card;
        card.Reasons.ShouldContain(r => r.Code == "fit.under_10_employees");
        card.Fit.Raw.ShouldBeLessThan(before.Fit.Raw);
        db.Scores.DueLeads(At.AddMinutes(5), 100).ShouldBeEmpty();
    }
}
