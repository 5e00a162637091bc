using Dapper;
using RuleScoring.Core.Leads;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Scores;

/// <summary>No card is scored or stored for a lead as of a time before its created_at.</summary>
[Collection(TestPostgres.Collection)]
public sealed class PointInTimeTests(TestPostgres postgres, ITestOutputHelper output)
{
    private static readonly DateTimeOffset Before = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset After = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RescoreAll_AsOfBeforeALeadWasCreated_StoresNoCardForIt_AndCountsIt()
    {
        using var temp = new TempDb();
        RescoreSkipsLeadsNotYetCreated(temp.Db);
    }

    [SkippableFact]
    public void RescoreAll_AsOfBeforeALeadWasCreated_StoresNoCardForIt_OnPostgres()
    {
        postgres.SkipUnlessAvailable(output);
        using var temp = new TempDb();
        using var db = ScoreDatabase.Open(postgres.CreateDatabase(), temp.Clock);
        RescoreSkipsLeadsNotYetCreated(db);
    }

    private static void RescoreSkipsLeadsNotYetCreated(ScoreDatabase db)
    {
        db.Leads.Save([
            Lead("L-OLD", "2026-01-15T00:00:00Z"),
            Lead("L-NEW", "2026-06-01T00:00:00Z"),
            Lead("L-UNDATED", null),
            Lead("L-ATCUT", "2026-03-01T00:00:00Z"),
        ]);
        var rescorer = new Rescorer(db, Scoring.Scorer);

        var early = rescorer.RescoreAll(Before, batchSize: 1);

        early.Scored.ShouldBe(3);
        early.Total.ShouldBe(3);
        early.NotYetCreated.ShouldBe(1);
        db.Scores.Current("L-NEW").ShouldBeNull("L-NEW was created three months after the as-of");
        db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores WHERE lead_id = 'L-NEW'").ShouldBe(0);
        db.Scores.Current("L-UNDATED").ShouldNotBeNull("without created_at nothing says the lead did not exist");
        db.Scores.Current("L-ATCUT").ShouldNotBeNull("a lead exists from its created_at on");

        var later = rescorer.RescoreAll(After);

        later.NotYetCreated.ShouldBe(0);
        db.Scores.Current("L-NEW").ShouldNotBeNull().Card.AsOf.ShouldBe(After);
        db.Scores.History("L-NEW").ShouldAllBe(h => h.AsOf >= new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
    }

    private static Lead Lead(string id, string? createdAt)
    {
        var attributes = new Dictionary<string, string> { ["email"] = $"{id.ToLowerInvariant()}@acme-logistics.com", ["employees"] = "300" };
        if (createdAt is not null)
        {
            attributes["created_at"] = createdAt;
        }

        return new Lead(id, attributes, [new Signal("pricing_view", new DateTimeOffset(2026, 1, 20, 0, 0, 0, TimeSpan.Zero))]);
    }
}
