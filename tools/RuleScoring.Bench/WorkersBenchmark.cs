using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using RuleScoring.Core.Rules;
using RuleScoring.SampleData;
using RuleScoring.Storage.Database;

namespace RuleScoring.Bench;

/// <summary>
/// Several workers sharing one PostgreSQL database (issue 7): seeds N leads, scores them all with
/// one <c>rulescore run --once</c> process under rules v1 (the baseline, same run), then starts K
/// processes at once under v2 (one weight changed) and times them until the last exits. Then it
/// checks that the K workers split the leads without overlap: no lead has two v2 history rows,
/// every lead's current score is v2, and the workers' "for rules" counts add up to exactly N.
/// </summary>
internal static partial class WorkersBenchmark
{
    // The weight v2 changes; the rule tests in rules/tests still pass with it (a failing test would keep v2 from activating).
    internal const string ChangedWorkflow = "behavior.json";
    internal const string ChangedRule = "behavior.ebook_download";

    // Seconds: vacuuming and counting over a million leads outlasts Npgsql's 30 s default on a busy machine.
    internal const int LongQuery = 600;

    // Storage's SqlTimestamp format.
    private const string TimestampPattern = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static int Run(string[] args)
    {
        string? target = null;
        var leads = 1_000_000;
        var workers = 2;
        var batchSize = 1000;
        var rules = "rules";
        var seed = 42;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--db" when value is not null: target = value; break;
                case "--leads" when value is not null: leads = Positive(args[i], value); break;
                case "--workers" when value is not null: workers = Positive(args[i], value); break;
                case "--batch-size" when value is not null: batchSize = Positive(args[i], value); break;
                case "--rules" when value is not null: rules = value; break;
                case "--seed" when value is not null: seed = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: return Usage($"unknown option or missing value: {args[i]}");
            }
        }

        if (target is null)
        {
            return Usage("--db is required: an empty PostgreSQL database (Host=...;Database=... or postgresql://user@host:port/db)");
        }

        using var db = OpenEmpty(target, out var refused);
        if (db is null)
        {
            Console.Error.WriteLine(refused);
            return 2;
        }

        var dir = Path.Combine(Path.GetTempPath(), $"rulescore-workers-bench-{Environment.ProcessId}");
        try
        {
            return Measure(db, target, dir, leads, workers, batchSize, rules, seed);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int Measure(ScoreDatabase db, string target, string dir, int leadCount, int workers, int batchSize, string rules, int seed)
    {
        // The data ends 30 s past a whole minute, and the generator spaces events in whole minutes, so every
        // decay boundary falls at :30. Workers started together take their as-of within a second or two of
        // each other; only a boundary between them would make one rescore another's lead for decay.
        var now = TimeProvider.System.GetUtcNow();
        var end = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddSeconds(-30);
        Console.Error.WriteLine($"Seeding {leadCount:N0} leads with 0-3 signals each (seed {seed}) into {db.Path} by binary COPY...");
        var seeded = PostgresSeeder.Seed((NpgsqlConnection)db.Connection, new SampleOptions(leadCount, seed, end, MaxSignals: 3), now);
        var analyze = Stopwatch.StartNew();
        foreach (var table in new[] { "leads", "signals" })
        {
            db.Connection.Execute($"VACUUM ANALYZE {table}", commandTimeout: LongQuery);
        }

        Console.Error.WriteLine($"  seeded {seeded.Leads:N0} leads and {seeded.Signals:N0} signals in {seeded.Elapsed.TotalSeconds:N1} s ({(seeded.Leads + seeded.Signals) / seeded.Elapsed.TotalSeconds:N0} rows/s); VACUUM ANALYZE {analyze.Elapsed.TotalSeconds:N1} s");

        var v1 = Path.Combine(dir, "rules-v1");
        var v2 = Path.Combine(dir, "rules-v2");
        CopyDirectory(rules, v1);
        CopyDirectory(rules, v2);
        var (before, after) = ChangeWeight(Path.Combine(v2, ChangedWorkflow), ChangedRule);
        var v1Hash = RuleSetLoader.Load(v1).Identity.Hash;
        var v2Hash = RuleSetLoader.Load(v2).Identity.Hash;
        Console.Error.WriteLine($"Rules v1 {v1Hash[..15]}, v2 {v2Hash[..15]} ({ChangedRule} points {before} -> {after})");

        var baseline = RunWorkers(db, target, v1, v1Hash, 1, batchSize, dir, "v1");
        var baselineCurrent = db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores_current WHERE rules_hash = @Hash", new { Hash = v1Hash }, commandTimeout: LongQuery);
        // Autovacuum would get there too; doing it here keeps the timed run from depending on when it does.
        db.Connection.Execute("ANALYZE scores_current", commandTimeout: LongQuery);
        db.Connection.Execute("ANALYZE scores", commandTimeout: LongQuery);
        var shared = RunWorkers(db, target, v2, v2Hash, workers, batchSize, dir, "v2");

        var twice = db.Connection.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM (SELECT lead_id FROM scores WHERE rules_id IN (SELECT id FROM rule_versions WHERE rules_hash = @Hash) GROUP BY lead_id HAVING COUNT(*) > 1) t", new { Hash = v2Hash }, commandTimeout: LongQuery);
        // A second v2 row is double work only when the lead was scored again before its first v2 card could change;
        // a lead whose decay boundary passed between two workers' as-of times is rightly rescored by the later one.
        var twiceEarly = twice == 0 ? 0 : db.Connection.ExecuteScalar<long>("""
            SELECT COUNT(DISTINCT b.lead_id) FROM scores a JOIN scores b ON b.lead_id = a.lead_id AND b.id > a.id
            WHERE a.rules_id IN (SELECT id FROM rule_versions WHERE rules_hash = @Hash) AND b.rules_id = a.rules_id AND (a.next_change_at IS NULL OR b.as_of < a.next_change_at)
            """, new { Hash = v2Hash }, commandTimeout: LongQuery);
        var current = db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores_current WHERE rules_hash = @Hash", new { Hash = v2Hash }, commandTimeout: LongQuery);

        var failures = new List<string>();
        foreach (var run in baseline.Runs.Concat(shared.Runs).Where(r => r.ExitCode != 0 || r.Tick is null))
        {
            failures.Add($"worker {run.Name} exited {run.ExitCode}{(run.Tick is null ? " without its tick line" : "")}; its last lines:\n    {string.Join("\n    ", run.Lines.TakeLast(8))}");
        }

        var forRules = shared.Runs.Sum(r => r.Tick?.ForRules ?? 0);
        var baselineForRules = baseline.Runs.Sum(r => r.Tick?.ForRules ?? 0);
        Check(failures, baselineForRules == leadCount, $"the baseline worker scored {baselineForRules:N0} leads for rules, not {leadCount:N0}");
        Check(failures, baselineCurrent == leadCount, $"after the baseline {baselineCurrent:N0} leads have a current v1 score, not {leadCount:N0}");
        Check(failures, forRules == leadCount, $"the {workers} workers scored {forRules:N0} leads for rules between them, not {leadCount:N0} (more: a lead was scored twice for v2)");
        Check(failures, current == leadCount, $"{current:N0} leads have a current v2 score, not {leadCount:N0}");
        Check(failures, twiceEarly == 0, $"{twiceEarly:N0} leads were scored twice for v2 before their first v2 card could change");

        var v2Decay = shared.Runs.Sum(r => r.Tick?.ForDecay ?? 0);
        var v2History = shared.Runs.Sum(r => r.Tick?.HistoryRows ?? 0);
        Console.WriteLine($"RuleScoring workers bench: {seeded.Leads:N0} leads, {seeded.Signals:N0} signals, one PostgreSQL database ({db.Path}), {Environment.ProcessorCount} cores shared by the workers and the server, batch {batchSize:N0}");
        Console.WriteLine($"Seeded by binary COPY in {seeded.Elapsed.TotalSeconds:N1} s ({(seeded.Leads + seeded.Signals) / seeded.Elapsed.TotalSeconds:N0} rows/s).");
        Console.WriteLine();
        Console.WriteLine("| workers | rules | leads | seconds to all exited | leads/s | vs 1 worker | seconds to all scored | leads/s | vs 1 worker | each worker's share (for rules; its tick's seconds) |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var (phase, version) in new[] { (baseline, "v1"), (shared, "v2") })
        {
            var shares = string.Join(", ", phase.Runs.Select(r => string.Create(CultureInfo.InvariantCulture,
                $"{r.Tick?.ForRules ?? 0:N0} ({100.0 * (r.Tick?.ForRules ?? 0) / leadCount:0.0}%; {r.Tick?.Seconds ?? double.NaN:N1} s)")));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {phase.Runs.Count} | {version} | {leadCount:N0} | {phase.Elapsed.TotalSeconds:N1} | {leadCount / phase.Elapsed.TotalSeconds:N0} | {baseline.Elapsed / phase.Elapsed:0.00}x | ") +
                string.Create(CultureInfo.InvariantCulture,
                $"{phase.Scored.TotalSeconds:N1} | {leadCount / phase.Scored.TotalSeconds:N0} | {baseline.Scored / phase.Scored:0.00}x | {shares} |"));
        }

        Console.WriteLine();
        Console.WriteLine("All scored: when the last lead's current score under that version was stored (scores_current.updated_at); " +
            "after it, one worker updates accounts and lifecycle stages for the leads scored (the others skip that step) before all exit.");

        Console.WriteLine();
        Console.WriteLine($"v2: {forRules:N0} leads scored for rules in all (N = {leadCount:N0}), {current:N0} with a current v2 score, " +
            $"{v2History:N0} history rows (only changed cards get one), {v2Decay:N0} rescored for decay; leads with two v2 history rows: {twice:N0}" +
            (twice > twiceEarly ? $" ({twice - twiceEarly:N0} of them rescored after their first v2 card's next change time: decay, not double work)" : "") + ".");
        if (failures.Count > 0)
        {
            Console.WriteLine("FAILED:");
            foreach (var failure in failures)
            {
                Console.WriteLine($"  - {failure}");
            }

            return 1;
        }

        Console.WriteLine("OK: no lead scored twice for one rules version; every lead scored once for v2.");
        return 0;
    }

    internal static ScoreDatabase? OpenEmpty(string target, out string refused)
    {
        refused = "";
        ScoreDatabase db;
        try
        {
            db = ScoreDatabase.Open(target, TimeProvider.System);
        }
        catch (StorageException ex)
        {
            refused = ex.Message;
            return null;
        }

        if (db.Kind != StoreKind.Postgres)
        {
            refused = $"{db.Path}: the workers bench needs PostgreSQL (several worker processes share one database); give a connection string";
        }
        else if (db.Leads.Count() is var count and > 0)
        {
            refused = $"{db.Path} already holds {count:N0} leads: give an empty database (the bench seeds its own)";
        }
        else
        {
            return db;
        }

        db.Dispose();
        return null;
    }

    private static void Check(List<string> failures, bool ok, string message)
    {
        if (!ok)
        {
            failures.Add(message);
        }
    }

    /// <summary>Starts <paramref name="count"/> <c>rulescore run --once</c> processes together and waits for the last.</summary>
    internal static Phase RunWorkers(ScoreDatabase db, string target, string rules, string rulesHash, int count, int batchSize, string dir, string version)
    {
        Console.Error.WriteLine($"Running {count} worker(s) with rules {version}...");
        var startedAt = TimeProvider.System.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var started = Enumerable.Range(1, count).Select(n => StartWorker(target, rules, batchSize, Path.Combine(dir, $"logs-{version}-{n}"), $"{version}.{n}")).ToList();
        var runs = new List<WorkerRun>();
        foreach (var (name, process, lines) in started)
        {
            using (process)
            {
                process.WaitForExit();
                lock (lines)
                {
                    runs.Add(new WorkerRun(name, process.ExitCode, lines.Select(ParseTick).LastOrDefault(t => t is not null), [.. lines]));
                }
            }
        }

        var elapsed = watch.Elapsed;
        // The workers stamp each stored batch with their clock (this machine's): the last stamp is when scoring ended.
        var last = db.Connection.ExecuteScalar<string?>("SELECT MAX(updated_at) FROM scores_current WHERE rules_hash = @Hash", new { Hash = rulesHash }, commandTimeout: LongQuery);
        var scored = last is null ? elapsed : DateTimeOffset.ParseExact(last, TimestampPattern, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) - startedAt;
        Console.Error.WriteLine($"  {count} worker(s) with rules {version}: every lead scored after {scored.TotalSeconds:N1} s, all exited after {elapsed.TotalSeconds:N1} s");
        return new Phase(runs, elapsed, scored);
    }

    private static (string Name, Process Process, List<string> Lines) StartWorker(string target, string rules, int batchSize, string logDir, string name)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "rulescore.dll"), "run", "--once", "--no-http", "--db", target, "--rules", rules,
                     "--batch-size", batchSize.ToString(CultureInfo.InvariantCulture), "--log-dir", logDir,
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var lines = new List<string>();
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet for the worker");
        void Line(string? text)
        {
            if (text is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(text);
            }

            Console.Error.WriteLine($"  worker {name}: {text}");
        }

        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (name, process, lines);
    }

    private static TickLine? ParseTick(string line)
    {
        var match = TickPattern().Match(line);
        if (!match.Success)
        {
            return null;
        }

        long Number(string group) => long.Parse(match.Groups[group].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        return new TickLine(Number("rules"), Number("signals"), Number("decay"), Number("history"),
            double.Parse(match.Groups["seconds"].Value, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
    }

    // RunCommand's summary line: "Tick as of ... with rules 1.0.0: 1,000 leads scored (1,000 for rules, 0 for new signals, 0 for decay), 12 history rows, ..., 3.1 s".
    [GeneratedRegex(@"^Tick as of .*: [\d,]+ leads scored \((?<rules>[\d,]+) for rules, (?<signals>[\d,]+) for new signals, (?<decay>[\d,]+) for decay\), (?<history>[\d,]+) history rows, .*, (?<seconds>[\d,.]+) s$")]
    private static partial Regex TickPattern();

    /// <summary>Adds 1 to one rule's points, so the copy has another rules hash.</summary>
    internal static (decimal Before, decimal After) ChangeWeight(string workflowFile, string ruleName)
    {
        var workflow = JsonNode.Parse(File.ReadAllText(workflowFile)) ?? throw new InvalidOperationException($"{workflowFile}: empty");
        var rule = workflow["Rules"]?.AsArray().FirstOrDefault(r => r?["RuleName"]?.GetValue<string>() == ruleName)
            ?? throw new InvalidOperationException($"{workflowFile}: no rule {ruleName} to change for v2; pick another in WorkersBenchmark");
        var properties = rule["Properties"] ?? throw new InvalidOperationException($"{workflowFile}: {ruleName} has no Properties");
        var before = properties["points"]?.GetValue<decimal>() ?? throw new InvalidOperationException($"{workflowFile}: {ruleName} has no points");
        properties["points"] = before + 1;
        File.WriteAllText(workflowFile, workflow.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        return (before, before + 1);
    }

    internal static void CopyDirectory(string from, string to)
    {
        if (!Directory.Exists(from))
        {
            throw new DirectoryNotFoundException($"{from}: no rules folder (run from the repository root or pass --rules DIR)");
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    private static int Positive(string option, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{option} needs a positive whole number, not '{value}'");

    private static int Usage(string problem)
    {
        Console.Error.WriteLine(problem);
        Console.Error.WriteLine("usage: workers --db <PostgreSQL connection string> [--leads 1000000] [--workers 2] [--batch-size 1000] [--rules rules] [--seed 42]");
        return 2;
    }

    internal sealed record TickLine(long ForRules, long ForSignals, long ForDecay, long HistoryRows, double Seconds);

    internal sealed record WorkerRun(string Name, int ExitCode, TickLine? Tick, IReadOnlyList<string> Lines);

    internal sealed record Phase(IReadOnlyList<WorkerRun> Runs, TimeSpan Elapsed, TimeSpan Scored);
}
