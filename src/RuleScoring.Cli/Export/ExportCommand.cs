using System.CommandLine;
using System.Globalization;
using RuleScoring.Core.Csv;
using RuleScoring.Core.Export;
using RuleScoring.Core.Output;
using RuleScoring.Storage.Database;

namespace RuleScoring.Cli.Export;

/// <summary>
/// <c>rulescore export crm --map FILE --out FILE</c>: the CRM write-back by file. Every lead whose
/// score changed since the last export with the same mapping, as one CSV in the column names the
/// CRM's import expects (mappings/hubspot-scores.json, mappings/salesforce-scores.json). The file
/// is written beside its target and moved over it; only then does the mapping's cursor move, so a
/// failed or interrupted export is sent again next time, never lost.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(TimeProvider time, TextWriter output, TextWriter error)
    {
        var map = new Option<string>("--map") { Description = "The export mapping (kind \"export\"): column names and fields, e.g. mappings/hubspot-scores.json", Required = true };
        var outFile = new Option<string>("--out") { Description = "The CSV to write (replaced whole; written beside it and moved over it)", Required = true };
        var all = new Option<bool>("--all") { Description = "Every scored lead, not only those changed since the last export (the cursor still moves)" };
        var db = CommonOptions.Db();
        var rules = CommonOptions.Rules();
        var crm = new Command("crm", "Score properties (tier, fit, intent, behavior, composite, why now, queue, owner, play, rules version, ...) as a CSV for a CRM import, incremental since the last export with the same mapping")
        {
            map, outFile, all, db, rules,
        };
        crm.SetAction(parse => Crm(parse.GetValue(map)!, parse.GetValue(outFile)!, parse.GetValue(all), parse.GetValue(db)!, parse.GetValue(rules)!, time, output, error));
        return new Command("export", "Write scores out for another system: 'export crm' for a HubSpot or Salesforce import") { crm };
    }

    /// <summary>The cursor an export with this mapping moves: export.NAME (the mapping's name).</summary>
    public static string CursorOf(CrmExportMapping mapping) => "export." + mapping.Name;

    private static int Crm(string mapPath, string outPath, bool all, string dbPath, string rulesDir, TimeProvider time, TextWriter output, TextWriter error)
    {
        CrmExportMapping mapping;
        try
        {
            mapping = CrmExportMapping.Read(mapPath);
        }
        catch (CrmExportMappingException ex)
        {
            return Refused(ex.Problems, error);
        }

        if (Scoring.ScorerLoading.TryLoad(rulesDir, error) is not { } ruleSet)
        {
            return ExitCodes.InputError;
        }

        var tierProblems = mapping.CheckTiers(ruleSet.TierRules.Select(t => t.Tier).Distinct(StringComparer.Ordinal).ToArray());
        if (tierProblems.Count > 0)
        {
            return Refused(tierProblems, error);
        }

        try
        {
            using var database = ScoreDatabase.Open(dbPath, time, create: false);
            var cursor = CursorOf(mapping);
            var after = all ? 0 : database.Worker.GetCursor(cursor);
            var upTo = database.Scores.SettledHistoryPosition();
            long rows = 0;
            try
            {
                ReplacedFile.Write(outPath, writer =>
                {
                    var csv = new CsvWriter(writer);
                    csv.WriteRecord(mapping.Header);
                    foreach (var (score, attributes, route) in database.Scores.CurrentChanged(after, upTo))
                    {
                        csv.WriteRecord(mapping.Row(score.Card, score.ScoredAt, attributes, route));
                        rows++;
                    }
                });
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"--out {outPath}: cannot write the export ({ex.Message}); the cursor {cursor} stays at {after}, so nothing is skipped");
                return ExitCodes.InputError;
            }

            // After the file is whole: a crash before this line sends the same rows again next time.
            var moved = Math.Max(after, upTo);
            database.Worker.SetCursor(cursor, moved);
            var c = CultureInfo.InvariantCulture;
            output.WriteLine(rows == 0
                ? string.Create(c, $"{outPath}: no lead's score changed since the last export with {mapping.Name} (cursor {cursor} at {after:N0}): header only")
                : string.Create(c, $"{outPath}: {rows:N0} lead(s) whose score changed {(all ? "(every scored lead, --all)" : after == 0 ? "(the first export with this mapping: every scored lead)" : "since the last export")}; {mapping.Columns.Count} columns for {mapping.Name}; cursor {cursor} now at {moved:N0}"));
            return ExitCodes.Ok;
        }
        catch (StorageException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.InputError;
        }
    }

    /// <summary>Every problem of the mapping, one a line (each names the file and line), and the input-error exit.</summary>
    private static int Refused(IReadOnlyList<string> problems, TextWriter error)
    {
        foreach (var problem in problems)
        {
            error.WriteLine(problem);
        }

        return ExitCodes.InputError;
    }
}
