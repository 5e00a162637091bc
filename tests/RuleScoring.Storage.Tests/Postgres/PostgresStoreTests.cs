using System.Text.Json;
using Dapper;
using RuleScoring.SampleData;
using RuleScoring.Storage.Accounts;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Import;
using RuleScoring.Storage.Reports;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Accounts;
using RuleScoring.Storage.Tests.Support;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Postgres;

/// <summary>
/// PostgreSQL as the second store: the same migrations in its dialect, and the same data giving
/// the same stored result as in SQLite, down to every card and report line.
/// </summary>
[Collection(TestPostgres.Collection)]
public sealed class PostgresStoreTests(TestPostgres postgres, ITestOutputHelper output)
{
    [Fact]
    public void Migrations_PostgresDialect_HasTheSameNumberedScriptsAsSqlite()
    {
        Migrator.AllPostgres.Select(m => m.FileName).ShouldBe(Migrator.All.Select(m => m.FileName));
    }

    [SkippableFact]
    public void Open_NewPostgresDatabase_HasEveryTableAndColumnOfTheSqliteSchema()
    {
        postgres.SkipUnlessAvailable(output);
        using var sqlite = new TempDb();
        using var pg = ScoreDatabase.Open(postgres.CreateDatabase(), sqlite.Clock);

        var sqliteColumns = sqlite.Db.Connection.Query<string>("""
            SELECT m.name || '.' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
            """).Order(StringComparer.Ordinal).ToList();
        var pgColumns = pg.Connection.Query<string>("""
            SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public'
            """).Order(StringComparer.Ordinal).ToList();

        sqliteColumns.Count.ShouldBeGreaterThan(100);
        pgColumns.ShouldBe(sqliteColumns);
        pg.Kind.ShouldBe(StoreKind.Postgres);
        pg.SchemaVersion.ShouldBe(Migrator.All[^1].Version);
        pg.Path.ShouldNotContain("Username", Case.Insensitive, "messages name server and database, never the connection string");
    }

    [SkippableFact]
    public void Open_ManyProcessesAtOnceOnANewDatabase_MigrateOnce()
    {
        postgres.SkipUnlessAvailable(output);
        var target = postgres.CreateDatabase();

        var applied = Enumerable.Range(0, 6).AsParallel().WithDegreeOfParallelism(6)
            .Select(_ =>
            {
                using var db = ScoreDatabase.Open(target, TimeProvider.System);
                return db.AppliedMigrations.Count;
            }).ToList();

        applied.Sum().ShouldBe(Migrator.All.Count, "one opener applies them all, the others find the database current");
        using var check = ScoreDatabase.Open(target, TimeProvider.System);
        check.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_migrations").ShouldBe(Migrator.All.Count);
    }

    [SkippableFact]
    public void SameSampleData_SqliteAndPostgres_StoreTheSameCardsHistoryOutboxStagesAndReports()
    {
        postgres.SkipUnlessAvailable(output);
        using var sqlite = new TempDb();
        using var pg = ScoreDatabase.Open(postgres.CreateDatabase(), sqlite.Clock);
        var folder = Path.Combine(sqlite.Folder, "sample");
        SampleCsvWriter.Write(folder, SampleGenerator.Generate(new SampleOptions(Leads: 300, Seed: 11, End: TempDb.Now)));

        var results = new[] { sqlite.Db, pg }.Select(db => Fill(db, folder)).ToList();

        var (lite, post) = (results[0], results[1]);
        post.Current.Count.ShouldBe(300);
        post.Current.ShouldBe(lite.Current, "every lead's current card: same fingerprint, tier, composite and signals seen");
        post.Counts.ShouldBe(lite.Counts);
        post.Report.ShouldBe(lite.Report);
        post.Funnel.ShouldBe(lite.Funnel);
        post.Council.ShouldBe(lite.Council, "the council report: drift's window queries and the history it reads");
        post.Attributes.ShouldBe(lite.Attributes, "re-imported attributes merge to the same values");
        post.Console.ShouldBe(lite.Console, "the console's reads: leads in the routed tiers, routes, unworked SLA tasks");
        lite.Console.ShouldContain(l => l.StartsWith("task ", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Reports_EmptyPostgresDatabase_EverySectionIsEmpty_NothingThrows()
    {
        postgres.SkipUnlessAvailable(output);
        using var db = ScoreDatabase.Open(postgres.CreateDatabase(), TimeProvider.System);
        db.Lifecycle.Update();

        var report = new ReportBuilder(db).Build(Scoring.Scorer.RuleSet.Identity);
        var funnel = new FunnelBuilder(db).Build();

        report.ScoredLeads.ShouldBe(0);
        report.Dispositions.ShouldBeEmpty();
        report.Sla.ShouldBeEmpty();
        report.Auc.ShouldBeNull();
        funnel.Transitions.ShouldBe(0);
        FitIntentMatrix.Build(db, Scoring.Scorer.RuleSet.Identity, new Core.Rules.ReportThresholds(40, 30)).Sum(c => c.Leads).ShouldBe(0);
        new PilotReportBuilder(db).Build().Settings.ShouldBeNull();
        var council = new CouncilReportBuilder(db).Build(Scoring.Scorer.RuleSet.Identity);
        council.Drift.Cohorts.ShouldBeEmpty();
        council.Drift.ThisMonthScored.ShouldBe(0);
        council.Drift.Signals.ShouldBeEmpty();
        council.Drift.Versions.ShouldBeEmpty();
    }

    [SkippableFact]
    public void LeadsWithNewSignals_SignalInFlightWithALowerSeq_WaitsForItRatherThanPassingIt()
    {
        postgres.SkipUnlessAvailable(output);
        var target = postgres.CreateDatabase();
        using var writer = ScoreDatabase.Open(target, TimeProvider.System);
        using var other = writer.OpenAnother();
        using var reader = writer.OpenAnother();
        writer.Leads.Save([new Core.Leads.Lead("L-1", new Dictionary<string, string>(), [])]);

        // The first signal takes its seq, then its transaction stays open while a later one commits.
        var slow = writer.Connection.BeginTransaction();
        writer.Connection.Execute("SELECT pg_advisory_xact_lock_shared(@Key)", new { AppendLog.Signals.Key }, slow);
        var slowSeq = writer.Connection.ExecuteScalar<long>("""
            INSERT INTO signals (lead_id, event_key, type, occurred_at, received_at) VALUES ('L-1', 'e1', 'demo_request', '2026-11-20T00:00:00.0000000Z', '2026-11-20T00:00:00.0000000Z') RETURNING seq
            """, transaction: slow);
        using (var fast = other.Connection.BeginTransaction())
        {
            other.Connection.Execute("SELECT pg_advisory_xact_lock_shared(@Key)", new { AppendLog.Signals.Key }, fast);
            other.Connection.Execute("""
                INSERT INTO signals (lead_id, event_key, type, occurred_at, received_at) VALUES ('L-1', 'e2', 'demo_request', '2026-11-20T00:00:00.0000000Z', '2026-11-20T00:00:00.0000000Z')
                """, transaction: fast);
            fast.Commit();
        }

        var read = Task.Run(() => reader.Worker.LeadsWithNewSignals(0, 100));
        read.Wait(TimeSpan.FromMilliseconds(500)).ShouldBeFalse("the cursor must not read past seq " + slowSeq + " while it can still commit");
        slow.Commit();
        read.Wait(TimeSpan.FromSeconds(10)).ShouldBeTrue();

        read.Result.LastSeq.ShouldBe(slowSeq + 1, "both signals are behind the cursor once both committed");
        slow.Dispose();
    }

    [SkippableFact]
    public void Open_NoSuchPostgresDatabase_SaysSoWithoutTheConnectionString()
    {
        postgres.SkipUnlessAvailable(output);
        var missing = new Npgsql.NpgsqlConnectionStringBuilder(postgres.CreateDatabase()) { Database = "no_such_db", Password = "hunter2" }.ConnectionString;

        var error = Should.Throw<StorageException>(() => ScoreDatabase.Open(missing, TimeProvider.System));

        error.Message.ShouldContain("/no_such_db: no such database");
        error.Message.ShouldContain("nothing was changed");
        error.Message.ShouldNotContain("hunter2");
    }

    private static StoreSnapshot Fill(ScoreDatabase db, string folder)
    {
        var importer = new Importer(db);
        foreach (var (kind, file) in new[]
                 {
                     (ImportKind.Leads, SampleCsvWriter.LeadsFile), (ImportKind.Signals, SampleCsvWriter.SignalsFile),
                     (ImportKind.Deals, SampleCsvWriter.DealsFile), (ImportKind.Dispositions, SampleCsvWriter.DispositionsFile),
                 })
        {
            importer.Import(Path.Combine(folder, file), new ImportOptions(kind, BatchSize: 700)).Counts.Rejected.ShouldBe(0);
        }

        // Re-import leads: the attribute merge must find every lead unchanged in both stores.
        importer.Import(Path.Combine(folder, SampleCsvWriter.LeadsFile), new ImportOptions(ImportKind.Leads)).Counts.Updated.ShouldBe(0);

        // Three snapshots, so the history has changes, the outbox tier moves and SLA tasks.
        var rescorer = new Rescorer(db, Scoring.Scorer);
        foreach (var daysBack in new[] { 60, 20, 0 })
        {
            rescorer.RescoreAll(TempDb.Now.AddDays(-daysBack), batchSize: 128);
        }

        db.Accounts.Rescore(AccountStoreTests.Accounts.Value, TempDb.Now);
        db.Lifecycle.Update();
        db.Sla.Sweep(TempDb.Now);

        var current = db.Connection.Query<(string, string, string?, double, long)>(
            "SELECT lead_id, card_sha, tier, composite, signal_seq FROM scores_current ORDER BY lead_id").ToList();
        var counts = new[] { "scores", "score_changes", "sla_tasks", "lifecycle_transitions", "lead_accounts", "account_scores", "signals", "deals", "dispositions" }
            .Select(t => $"{t}={db.Connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {t}")}")
            .ToList();
        var attributes = db.Leads.ReadPage(null, 50).Select(l => string.Join(';', l.Lead.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))).ToList();
        return new StoreSnapshot(
            current.Select(c => c.ToString()).ToList(),
            counts,
            JsonSerializer.Serialize(new ReportBuilder(db).Build(Scoring.Scorer.RuleSet.Identity)),
            JsonSerializer.Serialize(new FunnelBuilder(db).Build()),
            Council(db),
            attributes)
        {
            Console =
            [
                .. db.Scores.CurrentInTiers(["A", "B"]).Select(c => $"lead {c.LeadId} {c.Tier} {c.Composite:0.00} {c.Card.Reasons.Count}"),
                .. db.Routing.All().Select(r => $"route {r.LeadId} {r.Queue} {r.Owner} {r.Status}"),
                .. db.Sla.Unworked().Select(t => $"task {t.LeadId} {t.Tier} {t.Status} {t.DueAt:O}"),
            ],
        };
    }

    private static string Council(ScoreDatabase db)
    {
        using var json = new MemoryStream();
        CouncilJson.Write(new CouncilReportBuilder(db).Build(Scoring.Scorer.RuleSet.Identity), json);
        return System.Text.Encoding.UTF8.GetString(json.ToArray());
    }

    private sealed record StoreSnapshot(List<string> Current, List<string> Counts, string Report, string Funnel, string Council, List<string> Attributes)
    {
        public List<string> Console { get; init; } = [];
    }
}
