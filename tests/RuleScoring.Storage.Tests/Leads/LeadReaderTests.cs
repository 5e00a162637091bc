using System.Globalization;
using Dapper;
using RuleScoring.Core.Leads;
using RuleScoring.SampleData;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Leads;
using RuleScoring.Storage.Tests.Support;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Leads;

/// <summary>
/// The lead reader (ordinal reads, signals in lead order, fixed-width times) against a plain
/// reference read of the same tables: every lead, attribute, signal and sequence number the same,
/// on generated leads and on the awkward ones (not yet created inside a page's id range, no
/// signals, empty optional fields, ids that sort differently by bytes and by UTF-16).
/// </summary>
[Collection(TestPostgres.Collection)]
public sealed class LeadReaderTests(TestPostgres postgres, ITestOutputHelper output)
{
    private static readonly DateTimeOffset AsOf = TempDb.Now.AddDays(-60);

    [Fact]
    public void Reads_Sqlite_MatchTheReferenceRead()
    {
        using var temp = new TempDb();
        ReadsMatch(temp.Db);
    }

    [SkippableFact]
    public void Reads_Postgres_MatchTheReferenceRead()
    {
        postgres.SkipUnlessAvailable(output);
        using var temp = new TempDb();
        using var pg = ScoreDatabase.Open(postgres.CreateDatabase(), temp.Clock);
        ReadsMatch(pg);
    }

    [Fact]
    public void SignalReader_CallsSqliteOnTheStatementPointer_NotThroughItsSafeHandle()
    {
        // The reference read above passes either way; this is what keeps the reader at its speed
        // (a failed lookup of the library falls back to SQLitePCL's calls without a word).
        SqliteRow.CallsNative.ShouldBeTrue();
    }

    [Fact]
    public void ReadPage_EmptyDatabase_ReadsNothing()
    {
        using var temp = new TempDb();
        temp.Db.Leads.ReadPage(null, 10).ShouldBeEmpty();
        temp.Db.Leads.GetMany(["L-1"]).ShouldBeEmpty();
        temp.Db.Leads.Get("L-1").ShouldBeNull();
    }

    private static void ReadsMatch(ScoreDatabase db)
    {
        var leads = SampleGenerator.Generate(new SampleOptions(Leads: 300, Seed: 11, End: TempDb.Now)).Select(s => s.Lead).ToList();
        var at = new DateTimeOffset(2026, 3, 1, 8, 30, 15, TimeSpan.Zero).AddTicks(1234567);
        leads.Add(Lead.Create("L-odd-\u00e9", [new("email", "x@odd.example")], [new Signal("page_view", at), new Signal("demo_request", at.AddDays(1), "ev-1", "Pricing", 2.5, "web")]));
        leads.Add(Lead.Create("L-odd-\U0001F600", [new("email", "y@odd.example")], [new Signal("page_view", at.AddHours(3))]));
        leads.Add(Lead.Create("L-odd-\uFF21", [], [new Signal("email_open", at.AddMinutes(5), null, null, 0, null)]));
        leads.Add(Lead.Create("L-nosignals", [new("email", "z@none.example")]));
        // Texts read as bytes (the SQLite reader): not ASCII, empty but not null, longer than its table of seen texts takes, repeated.
        leads.Add(Lead.Create("L-odd-texts", [], [
            new Signal("page_view", at, null, "Prüfung ünd €", 1.5, "wéb"), new Signal("page_view", at.AddDays(2), null, "", -0.0, ""),
            new Signal("content_download", at.AddDays(3), null, new string('x', 300) + "é", null, "web"), new Signal("page_view", at.AddDays(4), null, "Prüfung ünd €", null, "wéb"),
        ]));
        // Created after the as-of time, between stored leads: its signals are inside a page's id range.
        leads.Add(Lead.Create(leads[10].LeadId + "-later", [new("created_at", "2026-11-01T00:00:00Z")], [new Signal("page_view", at)]));
        db.Leads.Save(leads);
        // Signals arriving later whose keys sort before the stored ones: the index's order within the lead is not seq order.
        db.Leads.AddSignals([("L-odd-texts", new Signal("demo_request", at.AddDays(5), "ev-1", "pricing", null, "web")),
            ("L-odd-texts", new Signal("demo_request", at.AddDays(1), "ev-0", null, null, null))]);

        var all = Reference(db, DateTimeOffset.MaxValue);
        var createdBy = Reference(db, AsOf);
        createdBy.Count.ShouldBeLessThan(all.Count, "some generated leads are created after the as-of time");

        foreach (var size in new[] { 1, 7, 1000 })
        {
            Paged(db, size, null).ShouldBe(all, $"page size {size}");
            Paged(db, size, AsOf).ShouldBe(createdBy, $"page size {size}, created by {AsOf:u}");
        }

        // Read to be scored: the same leads and signals, without the event ids no rule sees.
        var forScoring = PagedLeads(db, 7, AsOf, eventIds: false);
        forScoring.SelectMany(l => l.Lead.Signals).ShouldAllBe(s => s.EventId == null);
        forScoring.Select(Describe).ShouldBe(PagedLeads(db, 7, AsOf, eventIds: true)
            .Select(l => Describe(l with { Lead = l.Lead with { Signals = [.. l.Lead.Signals.Select(s => s with { EventId = null })] } })));

        var ids = all.Select(l => l.Split('|')[0]).Where((_, i) => i % 3 == 0).Append("L-missing").ToList();
        db.Leads.GetMany(ids).Select(Describe).ShouldBe(all.Where(l => ids.Contains(l.Split('|')[0])));
        foreach (var id in ids.Take(20))
        {
            var one = db.Leads.Get(id);
            (one is null ? null : Describe(one)).ShouldBe(all.SingleOrDefault(l => l.Split('|')[0] == id));
        }
    }

    private static List<StoredLead> PagedLeads(ScoreDatabase db, int size, DateTimeOffset? createdBy, bool eventIds)
    {
        var read = new List<StoredLead>();
        string? after = null;
        while (db.Leads.ReadPage(after, size, createdBy, eventIds) is { Count: > 0 } page)
        {
            read.AddRange(page);
            after = page[^1].Lead.LeadId;
        }

        return read;
    }

    private static List<string> Paged(ScoreDatabase db, int size, DateTimeOffset? createdBy)
    {
        var read = new List<string>();
        string? after = null;
        while (db.Leads.ReadPage(after, size, createdBy) is { Count: > 0 } page)
        {
            read.AddRange(page.Select(Describe));
            after = page[^1].Lead.LeadId;
        }

        return read;
    }

    /// <summary>What the reader did before: whole rows mapped by name, times by ParseExact, signals grouped and sorted in memory.</summary>
    private static List<string> Reference(ScoreDatabase db, DateTimeOffset asOf)
    {
        var signals = db.Connection.Query<(string LeadId, long Seq, string Type, string OccurredAt, string? EventId, string? Topic, double? Value, string? Source)>(
                "SELECT lead_id, seq, type, occurred_at, event_id, topic, value, source FROM signals")
            .ToLookup(s => s.LeadId, StringComparer.Ordinal);
        return db.Connection.Query<(string LeadId, string Attributes, string? CreatedAt)>($"SELECT lead_id, attributes, created_at FROM leads WHERE {LeadStore.CreatedBy("leads")} ORDER BY lead_id",
                new { AsOf = asOf })
            .Select(row =>
            {
                var own = signals[row.LeadId].OrderBy(s => s.Seq).ToList();
                var lead = new Lead(row.LeadId, AttributesJson.Read(row.Attributes),
                    own.Select(s => new Signal(s.Type, Exact(s.OccurredAt), s.EventId, s.Topic, s.Value, s.Source)).ToArray());
                return Describe(new StoredLead(lead, row.CreatedAt is null ? null : Exact(row.CreatedAt), own.Count == 0 ? 0 : own.Max(s => s.Seq)));
            })
            .ToList();
    }

    private static DateTimeOffset Exact(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string Describe(StoredLead stored) => string.Join('|',
        [
            stored.Lead.LeadId, stored.CreatedAt?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "-", stored.LastSignalSeq.ToString(CultureInfo.InvariantCulture),
            string.Join(',', stored.Lead.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}")),
            .. stored.Lead.Signals.Select(s => string.Create(CultureInfo.InvariantCulture,
                $"{s.Type};{s.OccurredAt.UtcTicks};{s.OccurredAt.Offset};{s.EventId ?? "<null>"};{s.Topic ?? "<null>"};{s.Value?.ToString("R", CultureInfo.InvariantCulture) ?? "<null>"};{s.Source ?? "<null>"}")),
        ]);
}
