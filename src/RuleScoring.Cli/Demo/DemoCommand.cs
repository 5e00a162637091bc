using System.CommandLine;
using System.Globalization;
using RuleScoring.Cli.Accounts;
using RuleScoring.Cli.Pilot;
using RuleScoring.Cli.Reports;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Output;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.SampleData;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Import;
using RuleScoring.Storage.Reports;
using RuleScoring.Storage.Scores;

namespace RuleScoring.Cli.Demo;

/// <summary>
/// <c>rulescore demo</c>: the whole job on the embedded default. Generates a year of CRM data,
/// imports it through the same importer a real export goes through, scores it week by week as
/// the worker would have, and prints the report.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(TimeProvider time, TextWriter output, TextWriter error)
    {
        var leads = new Option<int>("--leads") { Description = "How many leads to generate", DefaultValueFactory = _ => 3000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the generator: same seed, same data", DefaultValueFactory = _ => 42 };
        var asOf = new Option<string?>("--as-of") { Description = "End of the generated year and time of the final score (default: now)" };
        var snapshotDays = new Option<int>("--snapshot-days") { Description = "Score the history every N days, as the worker would have", DefaultValueFactory = _ => 7 };
        var dataDir = new Option<string>("--data") { Description = "Where to write the generated CSV files", DefaultValueFactory = _ => "demo-data" };
        var force = new Option<bool>("--force") { Description = "Replace --db even when the demo did not create it" };
        var pilot = new Option<double?>("--pilot") { Description = "Also run a pilot vs control split with this pilot share (e.g. 0.5): the history follows it, and 'report --pilot' has something to compare" };
        var rules = CommonOptions.Rules();
        var db = CommonOptions.Db();
        var command = new Command("demo", "Generate a year of sample CRM data, import it into a fresh SQLite file, score it and print the report")
        {
            leads, seed, asOf, snapshotDays, dataDir, force, pilot, rules, db,
        };
        command.SetAction(parse => new Run(time, output, error).Execute(new DemoOptions(
            parse.GetValue(leads), parse.GetValue(seed), parse.GetValue(asOf), parse.GetValue(snapshotDays),
            parse.GetValue(dataDir)!, parse.GetValue(force), parse.GetValue(rules)!, parse.GetValue(db)!, parse.GetValue(pilot))));
        return command;
    }

    private sealed record DemoOptions(int Leads, int Seed, string? AsOf, int SnapshotDays, string DataDir, bool Force, string Rules, string Db, double? Pilot);

    private sealed class Run(TimeProvider time, TextWriter output, TextWriter error)
    {
        public int Execute(DemoOptions options)
        {
            if (options.Leads < 1 || options.SnapshotDays < 1)
            {
                error.WriteLine("--leads and --snapshot-days must be at least 1");
                return ExitCodes.InputError;
            }

            if (options.Pilot is { } pilotShare && !(pilotShare > 0 && pilotShare < 1))
            {
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"--pilot {pilotShare} must be a share between 0 and 1 (e.g. 0.5), exclusive"));
                return ExitCodes.InputError;
            }

            var now = time.GetUtcNow();
            var end = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
            if (options.AsOf is { } text && !Timestamps.TryParse(text, out end))
            {
                error.WriteLine($"--as-of \"{text}\" is not an ISO 8601 timestamp (e.g. 2026-11-20 or 2026-11-20T14:05:00Z)");
                return ExitCodes.InputError;
            }

            LeadScorer scorer;
            try
            {
                scorer = new LeadScorer(RuleSetLoader.Load(options.Rules));
            }
            catch (RuleSetException ex)
            {
                error.WriteLine(ex.Message);
                return ExitCodes.InputError;
            }

            if (!MayReplace(options.Db, options.Force))
            {
                return ExitCodes.InputError;
            }

            // Half the companies in a buying cycle buy as a committee: the account view has something to show.
            var sample = new SampleOptions(options.Leads, options.Seed, end, Committees: 0.5,
                Pilot: options.Pilot is { } share ? new SamplePilot(share, options.Seed) : null);
            var started = time.GetTimestamp();
            error.WriteLine($"demo: generating {options.Leads:N0} leads over {sample.Days} days up to {Timestamps.Format(end)} into {options.DataDir}/");
            var counts = SampleCsvWriter.Write(options.DataDir, SampleGenerator.Generate(sample));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"generated {counts.Leads:N0} leads, {counts.Signals:N0} signals, {counts.Deals:N0} deals, {counts.Dispositions:N0} dispositions in {options.DataDir}/"));

            try
            {
                using var database = ScoreDatabase.Open(options.Db, time);
                // A file is replaced above; a PostgreSQL database is not dropped for a demo.
                if (database.Kind == StoreKind.Postgres && database.Leads.Count() > 0)
                {
                    error.WriteLine($"{database.Path} already holds leads; the demo fills an empty database: create one (createdb) and pass it to --db.");
                    return ExitCodes.InputError;
                }

                // Marks the database the demo's, so running the demo again may replace it and nothing else.
                database.Demo.Mark(options.Seed, now);
                if (!Import(database, options.DataDir))
                {
                    return ExitCodes.Findings;
                }

                Score(database, scorer, end.AddDays(-sample.Days), end, options.SnapshotDays, options.Seed);
                AccountRefresh.Run(database, scorer.RuleSet, end, output);
                output.WriteLine($"demo: done in {time.GetElapsedTime(started).TotalSeconds:0.0} s; database {database.Path}");
                output.WriteLine();
                ReportWriter.Write(new ReportBuilder(database).Build(scorer.RuleSet.Identity, scorer.RuleSet.Bands), output);
                RoutingReportWriter.Write(new RoutingReportBuilder(database).Build(), output);
                ReportCommand.WriteMatrix(database, scorer.RuleSet, output);
                output.WriteLine();
                FunnelWriter.Write(new FunnelBuilder(database).Build(), output);
                var top = database.Accounts.Top(1);
                var topAccount = top.Count > 0 ? top[0] : null;
                if (topAccount is not null)
                {
                    output.WriteLine();
                    output.WriteLine("Top account");
                    AccountWriter.WriteTable(output, topAccount.Card);
                }

                if (sample.Pilot is { } samplePilot)
                {
                    var assigned = database.Pilot.Assign(samplePilot.Share, samplePilot.Seed, null);
                    output.WriteLine();
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"demo: pilot --share {samplePilot.Share} --seed {samplePilot.Seed}: {assigned.TotalPilot:N0} pilot, {assigned.TotalControl:N0} control (the generated history already followed these groups; the assignment is recorded now)"));
                    PilotWriter.Write(new PilotReportBuilder(database).Build(), output);
                }

                output.WriteLine();
                output.WriteLine($"Next: rulescore explain {database.Scores.HighestScoredLead() ?? "LEAD_ID"} --db {options.Db}   (why the top-scored lead is where it is)");
                if (topAccount is not null)
                {
                    output.WriteLine($"      rulescore explain --account {topAccount.Card.AccountKey} --db {options.Db}   (the account view)");
                    output.WriteLine($"      rulescore report --funnel --db {options.Db}");
                }

                if (sample.Pilot is not null)
                {
                    output.WriteLine($"      rulescore report --pilot --db {options.Db}");
                }
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is StorageException or ImportException)
            {
                error.WriteLine(ex.Message);
                return ExitCodes.InputError;
            }
        }

        private bool MayReplace(string path, bool force)
        {
            if (!File.Exists(path))
            {
                return true;
            }

            bool madeByDemo;
            try
            {
                using var existing = ScoreDatabase.Open(path, time, create: false);
                madeByDemo = existing.Demo.IsMarked();
            }
            catch (StorageException)
            {
                madeByDemo = false;
            }

            if (!madeByDemo && !force)
            {
                error.WriteLine($"{path} exists and was not made by 'rulescore demo'; pass --db OTHER.db, or --force to replace it.");
                return false;
            }

            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }

            return true;
        }

        private bool Import(ScoreDatabase database, string dataDir)
        {
            var importer = new Importer(database);
            foreach (var (kind, file) in new[]
                     {
                         (ImportKind.Leads, SampleCsvWriter.LeadsFile), (ImportKind.Signals, SampleCsvWriter.SignalsFile),
                         (ImportKind.Deals, SampleCsvWriter.DealsFile), (ImportKind.Dispositions, SampleCsvWriter.DispositionsFile),
                     })
            {
                var path = Path.Combine(dataDir, file);
                var rejected = 0L;
                var result = importer.Import(path, new ImportOptions(kind), row =>
                {
                    if (rejected++ < 5)
                    {
                        error.WriteLine($"{path}:{row.Line}: {row.Reason}");
                    }
                });
                var c = result.Counts;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"imported {path}: {c.Read:N0} read, {c.Inserted:N0} inserted, {c.Rejected:N0} rejected ({c.RowsPerSecond:N0} rows/s)"));
                foreach (var note in ImportNotes.Of(result))
                {
                    output.WriteLine($"  {note}");
                }
                if (c.Rejected > 0)
                {
                    // The generator writes the contract exactly; a rejection here is a bug, not data.
                    error.WriteLine($"demo: {c.Rejected} generated row(s) were rejected from {path}");
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The SLA monitor's passes a worker would have made after a snapshot (before the next): the
        /// next day, when tier B's 24 hours are up, then an hour and two hours later, so a breach
        /// unworked past its queue's grace is escalated, and a second one re-routed; then the next
        /// weekday afternoon, which releases leads held while nobody worked. Between the passes the
        /// sample team works the snapshot's new tasks (<see cref="SampleTeam"/>), each at its time.
        /// </summary>
        private static long FollowUp(ScoreDatabase database, Rescorer rescorer, SampleTeam team, DateTimeOffset snapshot, DateTimeOffset next)
        {
            var work = new Queue<(DateTimeOffset At, string LeadId)>(database.Sla.OpenedAt(snapshot)
                .Select(t => (At: team.WorkedAt(t.Id, t.OpenedAt, t.DueAt), t.LeadId))
                .Where(w => w.At is { } at && at < next)
                .Select(w => (w.At!.Value, w.LeadId))
                .OrderBy(w => w.Item1).ThenBy(w => w.LeadId, StringComparer.Ordinal));
            long worked = 0;
            void WorkUntil(DateTimeOffset until)
            {
                while (work.Count > 0 && work.Peek().At <= until)
                {
                    var (at, leadId) = work.Dequeue();
                    var owner = database.Routing.ForLead(leadId)?.Owner;
                    worked += database.Sla.MarkWorked(leadId, at, owner ?? "sales").Count;
                }
            }

            var passes = new List<DateTimeOffset>();
            var last = snapshot;
            foreach (var hours in new[] { 25, 26, 27 })
            {
                var at = snapshot.AddHours(hours);
                if (at < next)
                {
                    passes.Add(at);
                    last = at;
                }
            }

            if (rescorer.Router is not null)
            {
                // Snapshots fall at one time of day and week (the demo's end): on a weekend night nobody
                // works and leads are held. The next weekday 15:00 UTC (New York and London both at
                // work) is a pass that offers them again, as a worker's would.
                var open = new DateTimeOffset(last.Date, TimeSpan.Zero).AddHours(15);
                while (open <= last || open.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                {
                    open = open.AddDays(1);
                }

                if (open < next)
                {
                    passes.Add(open);
                }
            }

            foreach (var pass in passes)
            {
                WorkUntil(pass);
                database.Sla.Sweep(pass, rescorer.Router);
            }

            WorkUntil(next);
            return worked;
        }

        /// <summary>
        /// A snapshot's time moved to 15:00 UTC that day (New York and London both at work), or the
        /// Friday before when it falls on a weekend: the demo's end is whenever it runs, and snapshots
        /// a week apart all share its hour and weekday, so a demo run at night or on a weekend routed
        /// every tier change of the year to nobody (held). A worker scores as signals arrive, at all hours.
        /// </summary>
        private static DateTimeOffset WorkingAfternoon(DateTimeOffset at)
        {
            var day = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero);
            while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                day = day.AddDays(-1);
            }

            return day.AddHours(15);
        }

        /// <summary>Scores the whole history at every snapshot, as a worker running all year would have.</summary>
        private void Score(ScoreDatabase database, LeadScorer scorer, DateTimeOffset start, DateTimeOffset end, int snapshotDays, int seed)
        {
            var snapshots = new List<DateTimeOffset>();
            for (var at = start.AddDays(snapshotDays); at < end; at = at.AddDays(snapshotDays))
            {
                snapshots.Add(WorkingAfternoon(at));
            }

            snapshots.Add(end);
            var rescorer = new Rescorer(database, scorer);
            var team = new SampleTeam(seed);
            long worked = 0;
            var clock = new ProgressClock(time);
            var started = time.GetTimestamp();
            long scored = 0, history = 0, notYetCreated = 0;
            for (var i = 0; i < snapshots.Count; i++)
            {
                // A snapshot scores the leads created by then: a lead gets no card from before it existed.
                var result = rescorer.RescoreAll(snapshots[i]);
                worked += FollowUp(database, rescorer, team, snapshots[i], i + 1 < snapshots.Count ? snapshots[i + 1] : snapshots[i]);
                scored += result.Scored;
                history += result.HistoryRows;
                notYetCreated += result.NotYetCreated;
                if (clock.Due() || i == snapshots.Count - 1)
                {
                    var elapsed = time.GetElapsedTime(started);
                    var rate = scored / Math.Max(elapsed.TotalSeconds, 1e-9);
                    var eta = TimeSpan.FromSeconds(elapsed.TotalSeconds / (i + 1) * (snapshots.Count - i - 1));
                    error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"demo: scored snapshot {i + 1}/{snapshots.Count} ({Timestamps.Format(snapshots[i])[..10]}), {scored:N0} cards, {rate:N0} leads/s, ETA {eta:m\\:ss}"));
                }
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"scored {snapshots.Count} snapshots ({snapshotDays} days apart) under {scorer.RuleSet.Identity}: {scored:N0} cards, {history:N0} history rows (a row only when a score changed); " +
                $"{notYetCreated:N0} lead-snapshots not scored (the lead not yet created at the snapshot)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"simulated sales team: {worked:N0} follow-up task(s) worked (about {SampleTeam.WorkedShare:P0} of tasks, a median {SampleTeam.MedianShareOfSla:P0} of their SLA after opening; made up for the demo)"));
        }
    }
}
