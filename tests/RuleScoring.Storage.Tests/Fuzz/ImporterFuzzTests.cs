using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using RuleScoring.Core.Csv;
using RuleScoring.Storage.Import;
using RuleScoring.Storage.Tests.Support;
using RuleScoring.Tests.Fuzz;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Fuzz;

/// <summary>
/// Random and mutated CSV and JSONL files of every kind, imported into one database that
/// already holds rows. The importer throws nothing but <see cref="ImportException"/> (naming the
/// file), every rejected row has its line and a reason, the counts add up to the rows read and
/// to what the tables gained, and the rows that were there before are untouched, in a file
/// that passes <c>PRAGMA integrity_check</c>.
/// </summary>
public sealed class ImporterFuzzTests(ITestOutputHelper output)
{
    private static readonly ImportKind[] Kinds = [ImportKind.Leads, ImportKind.Signals, ImportKind.Deals, ImportKind.Dispositions];

    private static readonly Dictionary<ImportKind, string[]> Columns = new()
    {
        [ImportKind.Leads] = ["lead_id", "email", "company", "domain", "employees", "industry", "country", "title", "tech_stack", "created_at", "lifecycle_stage", "crm_owner"],
        [ImportKind.Signals] = ["lead_id", "type", "occurred_at", "event_id", "topic", "value", "source"],
        [ImportKind.Deals] = ["lead_id", "outcome", "opportunity_id", "created_at", "closed_at", "amount", "segment"],
        [ImportKind.Dispositions] = ["lead_id", "status", "at", "reason", "rep"],
    };

    private static readonly string[] Nasty =
    [
        "", " ", "\"", "a,b", "line\nbreak", "2026-13-45", "2026-02-30", "2026-11-20T25:00:00Z", "20/11/2026", "1e999", "NaN", "-Infinity", "0x10", "12.5", "-1",
        "99999999999", "won ", "WON", "accepted!", "null", "{\"a\":1}", "[1,2]", new string('x', 5000), "\0", "\uFEFFL", "😀", "'; DROP TABLE leads; --",
    ];

    [Fact]
    public void Importer_RandomAndMutatedFiles_ExplainEveryRejectAndKeepStoredRows()
    {
        using var temp = new TempDb();
        Seed(temp);
        var kept = Kept(temp);
        var run = new FuzzRun("import", 200, output);
        run.Run(c =>
        {
            var r = c.Random;
            var kind = Kinds[r.Next(Kinds.Length)];
            var jsonl = r.Next(3) == 0;
            var text = jsonl ? Jsonl(r, kind) : Csv(r, kind);
            if (r.Next(3) > 0)
            {
                text = Mutate.Text(r, text);
            }
            else if (!jsonl && r.Next(2) == 0)
            {
                text = WithRejectedQuotedRow(r, kind, text);
            }

            c.Input = $"{kind} {(jsonl ? "jsonl" : "csv")}:\n{text}";
            var path = Path.Combine(temp.Folder, jsonl ? "case.jsonl" : "case.csv");
            var bytes = Encoding.UTF8.GetBytes(text).ToList();
            if (r.Next(10) == 0)
            {
                // Bytes that are not UTF-8 at all (a Latin-1 export, a cut multi-byte character).
                bytes.InsertRange(r.Next(bytes.Count + 1), Mutate.Pick(r, ["\xff", "\xc3", "\xe9", "\xf0\x9f"]).Select(ch => (byte)ch));
            }

            File.WriteAllBytes(path, [.. bytes]);
            // The CSV reader ends a line at CRLF, LF or a lone CR, as editors show it.
            var lines = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal).Count(ch => ch is '\n' or '\r') + 1;
            var table = kind.ToString().ToLowerInvariant();
            var rowsBefore = temp.Db.Connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table}");
            var rejects = new List<RejectedRow>();
            var outcome = FuzzOutcome.Accepted;
            try
            {
                var result = new Importer(temp.Db).Import(path, new ImportOptions(kind, BatchSize: r.Next(1, 40)), rejects.Add);
                var n = result.Counts;
                Check.That(n.Read == n.Inserted + n.Updated + n.Duplicate + n.Rejected, $"read {n.Read} = inserted {n.Inserted} + updated {n.Updated} + duplicate {n.Duplicate} + rejected {n.Rejected}");
                Check.That(rejects.Count == n.Rejected, $"{rejects.Count} rows reported rejected, counted {n.Rejected}");
                var rowsAfter = temp.Db.Connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table}");
                Check.That(rowsAfter - rowsBefore == n.Inserted, $"{table} gained {rowsAfter - rowsBefore} rows, the import says it inserted {n.Inserted}");
                foreach (var reject in rejects)
                {
                    Check.That(reject.Line >= 1 && reject.Line <= lines, $"rejected line {reject.Line} is inside the file (1-{lines})");
                    Check.That(!string.IsNullOrWhiteSpace(reject.Reason) && !reject.Reason.Contains("   at ", StringComparison.Ordinal), $"line {reject.Line}: a reason, no stack trace: {reject.Reason}");
                }

                outcome = rejects.Count > 0 ? FuzzOutcome.Rejected : FuzzOutcome.Accepted;
            }
            catch (ImportException ex)
            {
                Check.That(ex.Message.StartsWith(path, StringComparison.Ordinal) && !ex.Message.Contains("   at ", StringComparison.Ordinal), $"a whole-file failure names the file: {ex.Message}");
                Check.That(temp.Db.Connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table}") == rowsBefore || ex.Counts is not null, "a file refused before its first batch stored nothing");
                outcome = FuzzOutcome.Rejected;
            }

            Check.That(temp.Db.Connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table} WHERE lead_id LIKE 'GHOST%'") == 0,
                "row-shaped text inside a rejected record's quoted field never becomes a row");
            var now = Kept(temp);
            Check.That(now == kept, $"the rows stored before are unchanged; before:\n{kept}\nafter:\n{now}");
            if (c.Index % 25 == 0)
            {
                Check.That(temp.Db.Connection.ExecuteScalar<string>("PRAGMA integrity_check") == "ok", "integrity_check is ok");
            }

            return outcome;
        });

        temp.Db.Connection.ExecuteScalar<string>("PRAGMA integrity_check").ShouldBe("ok");
        Kept(temp).ShouldBe(kept);
    }

    /// <summary>Rows under ids no generated row uses (KEEP-*), and the leads G-0..G-9 that generated signals, deals and dispositions attach to.</summary>
    private static void Seed(TempDb temp)
    {
        ImportRun.Leads(temp, [.. Enumerable.Range(0, 10).Select(i => $"G-{i}")]);
        void Import(ImportKind kind, string csv) =>
            ImportRun.File(temp, kind, temp.Write($"seed-{kind}.csv", csv)).Rejects.ShouldBeEmpty();
        Import(ImportKind.Leads, "lead_id,email,employees,country,crm_owner\nKEEP-1,a@acme.com,300,US,dana\nKEEP-2,b@beta.io,12,DE,sam\n");
        Import(ImportKind.Signals, "lead_id,type,occurred_at,event_id,value\nKEEP-1,pricing_view,2026-11-19,k-1,\nKEEP-1,demo_request,2026-11-18T10:00:00Z,k-2,\nKEEP-2,feature_used,2026-11-02,,3\n");
        Import(ImportKind.Deals, "lead_id,outcome,opportunity_id,amount\nKEEP-1,won,KEEP-O1,1000\nKEEP-2,open,,\n");
        Import(ImportKind.Dispositions, "lead_id,status,at,reason,rep\nKEEP-1,accepted,2026-11-20T12:15:00Z,,dana\nKEEP-2,rejected,2026-11-20,\"no budget, call in Q3\",sam\n");
    }

    private static string Kept(TempDb temp)
    {
        var sb = new StringBuilder();
        foreach (var table in new[] { "leads", "signals", "deals", "dispositions" })
        {
            foreach (IDictionary<string, object?> row in temp.Db.Connection.Query($"SELECT * FROM {table} WHERE lead_id LIKE 'KEEP-%' ORDER BY 1, 2, 3"))
            {
                sb.Append(table).Append(": ").AppendJoin(" | ", row.Select(p => $"{p.Key}={p.Value}")).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static string Csv(Random r, ImportKind kind)
    {
        var columns = Header(r, kind);
        var sb = new StringBuilder(string.Join(',', columns.Select(Quote))).Append(r.Next(4) == 0 ? "\r\n" : "\n");
        for (var i = r.Next(0, 30); i > 0; i--)
        {
            sb.AppendJoin(',', columns.Select(col => Quote(Value(r, kind, col)))).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>
    /// A record the reader rejects (text after a closing quote, or a quoted field over the length
    /// limit) whose quoted field carries line breaks and whole rows of GHOST leads: reading must go
    /// on after the field's closing quote, never inside it.
    /// </summary>
    private static string WithRejectedQuotedRow(Random r, ImportKind kind, string csv)
    {
        var header = csv[..(csv.IndexOf('\n', StringComparison.Ordinal) + 1)];
        var names = header.TrimEnd('\r', '\n').Split(',');
        var columns = names.Length;
        string Cell(string column)
        {
            string value;
            do
            {
                value = Value(r, kind, column);
            }
            while (value.IndexOfAny([',', '"', '\n', '\r']) >= 0);

            return value;
        }

        var ghosts = string.Concat(Enumerable.Range(0, r.Next(1, 4)).Select(i =>
            "\n" + string.Join(',', names.Select(c => c == "lead_id" ? $"GHOST-{i}" : Cell(c)))));
        var field = r.Next(8) == 0 ? new string('x', CsvRecordReader.MaxRecordChars) + ghosts : "text" + ghosts;
        var bad = (r.Next(2) == 0 ? "\"x\"junk," : "G-1,") + "\"" + field + "\"" + string.Concat(Enumerable.Repeat(",", Math.Max(0, columns - 2))) + "\n";
        var rows = csv[header.Length..].Split('\n').ToList();
        rows.Insert(r.Next(rows.Count), bad.TrimEnd('\n'));
        return header + string.Join('\n', rows);
    }

    private static string Jsonl(Random r, ImportKind kind)
    {
        var sb = new StringBuilder();
        for (var i = r.Next(0, 30); i > 0; i--)
        {
            var row = new JsonObject();
            foreach (var col in Header(r, kind))
            {
                var value = Value(r, kind, col);
                row[col] = col == "tech_stack" && r.Next(2) == 0 ? new JsonArray([.. value.Split(';').Select(v => (JsonNode?)v)])
                    : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && r.Next(2) == 0 ? JsonValue.Create(number)
                    : JsonValue.Create(value);
            }

            var line = row.ToJsonString();
            sb.Append(r.Next(10) == 0 && Mutate.TryParse(line) is { } node ? Mutate.Json(r, node).Replace("\n", " ", StringComparison.Ordinal) : line).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The required columns, some optional ones, now and then an unknown one, shuffled.</summary>
    private static List<string> Header(Random r, ImportKind kind)
    {
        var all = Columns[kind];
        var required = kind switch { ImportKind.Leads => 1, ImportKind.Signals => 3, _ => kind == ImportKind.Deals ? 2 : 3 };
        var columns = all.Take(required).Concat(all.Skip(required).Where(_ => r.Next(2) == 0)).ToList();
        if (r.Next(8) == 0)
        {
            columns.Add("unknown_column");
        }

        return [.. columns.OrderBy(_ => r.Next())];
    }

    private static string Value(Random r, ImportKind kind, string column)
    {
        if (r.Next(12) == 0)
        {
            return Mutate.Pick(r, Nasty);
        }

        var day = TempDb.Now.AddDays(-r.Next(0, 400)).AddMinutes(-r.Next(0, 1440));
        return column switch
        {
            "lead_id" => $"G-{r.Next(0, 14)}",
            "email" => $"p{r.Next(100)}@acme{r.Next(5)}.com",
            "employees" => r.Next(1, 5000).ToString(CultureInfo.InvariantCulture),
            "tech_stack" => string.Join(';', new[] { "salesforce", "hubspot", "slack" }.Where(_ => r.Next(2) == 0)),
            "created_at" or "occurred_at" or "closed_at" or "at" => day.ToString(r.Next(2) == 0 ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            "type" => Mutate.Pick(r, ["pricing_view", "demo_request", "webinar_attended", "feature_used"]),
            "outcome" => Mutate.Pick(r, ["won", "lost", "open"]),
            "status" => Mutate.Pick(r, ["accepted", "rejected"]),
            "value" or "amount" => Mutate.Number(r),
            "event_id" or "opportunity_id" => $"x-{r.Next(50)}",
            _ => Mutate.Pick(r, ["pricing", "smb", "Software", "US", "dana", "no budget", ""]),
        };
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
