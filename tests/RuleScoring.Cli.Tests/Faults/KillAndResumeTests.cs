using Dapper;
using RuleScoring.SampleData;
using RuleScoring.Storage.Database;

namespace RuleScoring.Cli.Tests.Faults;

/// <summary>
/// SIGKILL during import and rescore, again and again, then a run to the end: afterwards no
/// signal is lost or doubled, no score is half-written, and the file is intact. The comparison
/// is with the same work done once without interruption.
/// </summary>
public sealed class KillAndResumeTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly string _leads;
    private readonly string _signals;

    public KillAndResumeTests()
    {
        var counts = SampleCsvWriter.Write(_dir.Path, SampleGenerator.Generate(new SampleOptions(4000, 3, FixedClock.Now, Activity: 3)));
        counts.Signals.ShouldBeGreaterThan(50_000, "enough rows that a kill lands mid-import");
        _leads = Path.Combine(_dir.Path, SampleCsvWriter.LeadsFile);
        _signals = Path.Combine(_dir.Path, SampleCsvWriter.SignalsFile);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ImportSignals_KilledRepeatedly_ThenRunToTheEnd_StoresEveryRowExactlyOnce()
    {
        var reference = await Imported("reference.db");
        var db = Path.Combine(_dir.Path, "killed.db");
        (await CliRun.RunAsync("import", "leads", _leads, "--db", db)).ExitCode.ShouldBe(0);
        var kills = 0;
        for (var round = 0; round < KilledProcess.Rounds; round++)
        {
            kills += KilledProcess.RunAndKill(KilledProcess.Start(_dir.Path, "import", "signals", _signals, "--db", db, "--rejects", Path.Combine(_dir.Path, $"r{round}.csv")),
                "import signals:") ? 1 : 0;
        }

        var (code, output) = KilledProcess.Run(KilledProcess.Start(_dir.Path, "import", "signals", _signals, "--db", db));

        kills.ShouldBeGreaterThan(0, "at least one kill landed while the import ran");
        code.ShouldBe(0, output);
        Signals(db).ShouldBe(Signals(reference));
        IntegrityCheck(db).ShouldBe("ok");
    }

    [Fact]
    public async Task Rescore_KilledRepeatedly_ThenRunToTheEnd_ScoresEveryLeadOnceAndWhole()
    {
        var reference = await Imported("reference.db");
        (await CliRun.RunAsync("rescore", "--db", reference, "--rules", Repo.Rules, "--as-of", "2026-11-20T12:00:00Z")).ExitCode.ShouldBe(0);
        var db = await Imported("killed.db");
        var kills = 0;
        for (var round = 0; round < KilledProcess.Rounds; round++)
        {
            kills += KilledProcess.RunAndKill(KilledProcess.Start(_dir.Path, "rescore", "--db", db, "--rules", Repo.Rules, "--as-of", "2026-11-20T12:00:00Z", "--batch-size", "200"),
                "rescore:") ? 1 : 0;
        }

        var (code, output) = KilledProcess.Run(KilledProcess.Start(_dir.Path, "rescore", "--db", db, "--rules", Repo.Rules, "--as-of", "2026-11-20T12:00:00Z"));

        kills.ShouldBeGreaterThan(0, "at least one kill landed while the rescore ran");
        code.ShouldBe(0, output);
        using var killed = ScoreDatabase.Open(db, FixedClock.Create(), create: false);
        killed.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores").ShouldBe(killed.Leads.Count(), "one history row per lead: a killed batch wrote nothing, a finished one is not written again");
        Scores(db).ShouldBe(Scores(reference));
        IntegrityCheck(db).ShouldBe("ok");
    }

    private async Task<string> Imported(string name)
    {
        var db = Path.Combine(_dir.Path, name);
        (await CliRun.RunAsync("import", "leads", _leads, "--db", db)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("import", "signals", _signals, "--db", db)).ExitCode.ShouldBe(0);
        return db;
    }

    private static List<string> Signals(string db)
    {
        using var database = ScoreDatabase.Open(db, FixedClock.Create(), create: false);
        return database.Connection.Query<string>("SELECT lead_id || '|' || event_key || '|' || type || '|' || occurred_at FROM signals ORDER BY lead_id, event_key").ToList();
    }

    private static List<string> Scores(string db)
    {
        using var database = ScoreDatabase.Open(db, FixedClock.Create(), create: false);
        return database.Connection.Query<string>("""
            SELECT c.lead_id || '|' || c.composite || '|' || COALESCE(c.tier, '-') || '|' || s.fit_raw || '|' || s.intent_raw || '|' || s.behavior_raw
            FROM scores_current c JOIN scores s ON s.id = c.score_id ORDER BY c.lead_id
            """).ToList();
    }

    private static string IntegrityCheck(string db)
    {
        using var database = ScoreDatabase.Open(db, FixedClock.Create(), create: false);
        return database.Connection.ExecuteScalar<string>("PRAGMA integrity_check")!;
    }
}
