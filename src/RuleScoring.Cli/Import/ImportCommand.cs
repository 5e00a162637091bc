using System.CommandLine;
using System.Globalization;
using RuleScoring.Core.Output;
using RuleScoring.Core.Rules;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Import;

namespace RuleScoring.Cli.Import;

/// <summary>
/// <c>rulescore import leads|signals|deals|dispositions FILE</c>: stream a CSV or JSONL file into
/// the database. Exit 0 when every row was taken, 1 when some were rejected (see the rejects
/// file), 2 when the file or mapping cannot be used at all.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(TimeProvider time, TextWriter output, TextWriter error)
    {
        var kind = new Argument<string>("kind") { Description = "What the file holds: leads, signals, deals or dispositions" };
        kind.AcceptOnlyFromAmong("leads", "signals", "deals", "dispositions");
        var file = new Argument<string>("file") { Description = "CSV with a header row, or JSON lines (.jsonl) with the same field names" };
        var map = new Option<string?>("--map") { Description = "A mapping file that renames a CRM export's columns and values (see mappings/)" };
        var rejects = new Option<string?>("--rejects") { Description = "Where to write rejected rows (default: FILE.rejects.csv)" };
        var delimiter = new Option<string>("--delimiter") { Description = "CSV field delimiter: , ; | or tab", DefaultValueFactory = _ => "," };
        var inputFormat = new Option<ImportFormat>("--input-format") { Description = "auto (by extension), csv or jsonl", DefaultValueFactory = _ => ImportFormat.Auto };
        var batchSize = new Option<int>("--batch-size") { Description = "Rows per transaction", DefaultValueFactory = _ => 20_000 };
        var db = CommonOptions.Db();
        var rules = CommonOptions.Rules();
        rules.Description = "The rules folder whose model.json lists the signal types a signals file may use";
        var command = new Command("import", "Import leads, signals, deals or dispositions from CSV or JSONL; bad rows go to a rejects file")
        {
            kind, file, map, rejects, delimiter, inputFormat, batchSize, db, rules,
        };

        command.SetAction(parse => Run(
            Enum.Parse<ImportKind>(parse.GetValue(kind)!, ignoreCase: true), parse.GetValue(file)!, parse.GetValue(map), parse.GetValue(rejects),
            parse.GetValue(delimiter)!, parse.GetValue(inputFormat), parse.GetValue(batchSize), parse.GetValue(db)!, parse.GetValue(rules)!, time, output, error));
        return command;
    }

    private static int Run(ImportKind kind, string file, string? mapPath, string? rejectsPath, string delimiterText, ImportFormat format, int batchSize,
        string dbPath, string rulesDir, TimeProvider time, TextWriter output, TextWriter error)
    {
        if (ParseDelimiter(delimiterText) is not { } delimiter)
        {
            error.WriteLine($"--delimiter \"{delimiterText}\" is not one character (use , ; | or tab)");
            return ExitCodes.InputError;
        }

        if (batchSize < 1)
        {
            error.WriteLine("--batch-size must be at least 1");
            return ExitCodes.InputError;
        }

        if (!File.Exists(file))
        {
            error.WriteLine($"{file}: no such file");
            return ExitCodes.InputError;
        }

        IReadOnlySet<string>? signalTypes = null;
        if (kind == ImportKind.Signals)
        {
            if (!Directory.Exists(rulesDir))
            {
                // Said, not skipped in silence: without a model there is no catalogue to hold types to.
                output.WriteLine($"{file}: no rules folder at {rulesDir}, so signal types are not checked against a model's catalogue (pass --rules FOLDER); they are stored lower-cased");
            }
            else
            {
                var loaded = RuleSetLoader.Validate(rulesDir);
                if (loaded.RuleSet is null)
                {
                    error.WriteLine($"{rulesDir}: the rules do not load, so signal types cannot be checked (run rulescore validate --rules {rulesDir}):");
                    foreach (var problem in loaded.Errors.Take(5))
                    {
                        error.WriteLine("  " + problem);
                    }

                    return ExitCodes.InputError;
                }

                signalTypes = loaded.RuleSet.SignalCatalogue.Keys.ToHashSet(StringComparer.Ordinal);
            }
        }

        var name = kind.ToString().ToLowerInvariant();
        using var rejects = new RejectsFile(rejectsPath ?? file + ".rejects.csv");
        try
        {
            var mapping = mapPath is null ? null : ImportMapping.Load(mapPath);
            using var database = ScoreDatabase.Open(dbPath, time, verify: true);
            rejects.RemoveStale();
            var clock = new ProgressClock(time);
            var result = new Importer(database).Import(file, new ImportOptions(kind, format, delimiter, mapping, batchSize, signalTypes), rejects.Write, counts =>
            {
                if (clock.Due())
                {
                    error.WriteLine($"import {name}: {counts.Read.ToString("N0", CultureInfo.InvariantCulture)} rows, {Rate(counts)} rows/s");
                }
            });

            foreach (var note in ImportNotes.Of(result))
            {
                output.WriteLine($"{file}: {note}");
            }

            output.WriteLine(Summary(file, result.Counts));
            if (rejects.Count > 0)
            {
                output.WriteLine($"{rejects.Count} rejected row(s) with line and reason: {rejects.Path}");
                return ExitCodes.Findings;
            }

            return ExitCodes.Ok;
        }
        catch (ImportException ex)
        {
            error.WriteLine(ex.Message);
            if (ex.Counts is { } counts)
            {
                error.WriteLine("stored before it stopped: " + Summary(file, counts));
            }

            return ExitCodes.InputError;
        }
        catch (StorageException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.InputError;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{rejects.Path}: cannot remove the rejects file of an earlier run: {ex.Message}");
            return ExitCodes.InputError;
        }
    }

    private static string Summary(string file, ImportCounts c) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{file}: read {c.Read:N0}, inserted {c.Inserted:N0}, updated {c.Updated:N0}, duplicate {c.Duplicate:N0}, rejected {c.Rejected:N0} ({c.Elapsed.TotalSeconds:0.0} s, {Rate(c)} rows/s)");

    private static string Rate(ImportCounts c) => c.RowsPerSecond > 0 ? c.RowsPerSecond.ToString("N0", CultureInfo.InvariantCulture) : "-";

    private static char? ParseDelimiter(string text) => text switch
    {
        "tab" or "\\t" => '\t',
        { Length: 1 } when text[0] is not ('"' or '\r' or '\n') => text[0],
        _ => null,
    };
}
