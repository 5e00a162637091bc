using System.Text.Json;

namespace RuleScoring.Cli.Tests;

/// <summary>
/// docs/walkthrough.md, step by step in-process on the same data as tools/walkthrough/run.sh:
/// the numbers the doc quotes and explains must stay true, or the doc has rotted.
/// </summary>
public sealed class WalkthroughTests
{
    [SkippableFact]
    public async Task Walkthrough_CrmSalesOpportunities_EveryQuotedNumberStillHolds()
    {
        var crm = SharedData("crm-sales-opportunities");
        Skip.If(crm is null, "shared/data/crm-sales-opportunities is not beside the repository: the walk-through's data is absent");
        using var dir = new TempFolder();
        var db = Path.Combine(dir.Path, "crm.db");
        var doc = File.ReadAllText(Path.Combine(Repo.Root, "docs", "walkthrough.md"));

        async Task<string> Step(int expectedExit, params string[] args)
        {
            var (code, output, error) = await CliRun.RunAsync(args);
            code.ShouldBe(expectedExit, $"rulescore {string.Join(' ', args)}\n{error}\n{output}");
            return output;
        }

        void Quoted(string output, string line)
        {
            output.ShouldContain(line, Case.Sensitive, "the command no longer prints it");
            doc.ShouldContain(line, Case.Sensitive, "docs/walkthrough.md no longer quotes it");
        }

        // 1. Mapping and import.
        var converted = await Step(0, "convert", "crm-sales-opportunities", "--from", crm!, "--to", Path.Combine(dir.Path, "crm-data"));
        Quoted(converted, "wrote 8,800 leads and 8,800 deals to ");
        var leads = await Step(0, "import", "leads", Path.Combine(dir.Path, "crm-data", "leads.csv"), "--db", db);
        Quoted(leads, "read 8,800, inserted 8,800, updated 0, duplicate 0, rejected 0");
        var deals = await Step(0, "import", "deals", Path.Combine(crm!, "sales_pipeline.csv"), "--map", Path.Combine(Repo.Root, "mappings", "maven-crm-deals.json"), "--db", db);
        Quoted(deals, "ignored column(s) \"account\", \"close_value\", \"sales_agent\" (not part of the deals contract)");
        Quoted(deals, "read 8,800, inserted 8,800, updated 0, duplicate 0, rejected 0");

        // 2. The rules folder of its own.
        var rules = Path.Combine(dir.Path, "rules");
        Copy(Path.Combine(Repo.Root, "rules", "examples", "crm-sales-opportunities"), rules);
        Quoted(await Step(0, "validate", "--rules", rules), "9 scoring rules in 3 dimensions, 4 tier rules, 0 signal types.");

        // 3. Rescore, report, explain.
        var rescore = await Step(0, "rescore", "--db", db, "--rules", rules, "--as-of", "2018-01-01T00:00:00Z");
        Quoted(rescore, "tiers now: A 1,440, B 3,499, C 1,547, D 2,314");
        Quoted(rescore, "lifecycle: 24,311 new stage transition(s) for 8,800 lead(s), 0 recycle(s)");
        Quoted(rescore, "lifecycle: 4,551 lead(s) first scored after their deal closed (a backfilled history): not counted as qualifying again; rescore as of earlier dates to give the funnel its order");
        var report = await Step(0, "report", "--db", db, "--rules", rules);
        Quoted(report, "  all    500   500    0     0         -        0.0%     -");
        Quoted(report, "  39.2% of scored leads (196) share one score (0): ranked figures treat them as tied");
        Quoted(report, "  8,300 lead(s) with a deal are left out of conversion: 8,300 first scored after the deal opened");
        Quoted(report, "  A     1,440        0     0     1,440     0  0.0%");
        var explain = await Step(0, "explain", "1C1I7A6R", "--db", db);
        Quoted(explain, "1C1I7A6R  tier C  composite 24.5 (inbound)  as of 2018-01-01T00:00:00Z");
        Quoted(explain, "  MQL: never by score  SQL: never by score; deal won 2017-03-01  tier rule tier.C");

        // 4. Calibrate on the first half.
        var calibration = await Step(0, "calibrate", "--rules", rules, "--db", db, "--train-until", "2017-06-30", "--out", Path.Combine(dir.Path, "calibration"));
        Quoted(calibration, "fitted on 3,649 deals up to 2017-06-30 (2016-10-20 to 2017-06-30); held out 3,062 later deals (2017-07-01 to 2017-12-27, 1,844 won)");
        Quoted(calibration, "AUC on the held-out deals: current points 0.495, suggested points 0.495.");
        Quoted(calibration, "Replay the same held-out deals with `--from 2017-07-01`.");
        Quoted(calibration, "| logistic regression on which rules fired (forward-chaining CV): the most these rules can do | 0.485 |");
        Quoted(calibration, "| 5 % | 75 | 0.1 % | 2 | 50.0 % | 0.76x | 0.2 |");
        File.ReadAllText(Path.Combine(rules, "fit.json")).ShouldContain("\"points\": 40, \"reason\": \"Enterprise account", Case.Sensitive, "calibrate without --write changes nothing");

        // 5. The team's hypothesis replayed on the held-out half.
        var head = Path.Combine(dir.Path, "head");
        Copy(rules, head);
        var fit = Path.Combine(head, "fit.json");
        File.WriteAllText(fit, File.ReadAllText(fit).Replace("\"points\": 40, \"reason\": \"Enterprise account", "\"points\": 60, \"reason\": \"Enterprise account", StringComparison.Ordinal));
        var replayOut = Path.Combine(dir.Path, "replay");
        var replay = await Step(0, "replay", "--base", rules, "--head", head, "--db", db, "--from", "2017-07-01", "--segment", "segment", "--out", replayOut);
        Quoted(replay, "**about the same**: AUC 0.495 -> 0.494 (-0.001; paired 95 % CI -0.006 to +0.004, within noise), top tier lift 1.03x -> 1.03x, MQL volume 2,084 -> 2,084 (0 %), 0 of 3,062 deals change tier.");
        Quoted(replay, "**3,649 deals left out**: 3,649 point outside --from/--until; 2,089 leads without a closed deal not replayed.");
        Quoted(replay, "| AUC won vs lost (95 % CI) | 0.495 (0.478-0.516) | 0.494 (0.477-0.514) | -0.001 |");
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(replayOut, "report.json"))).RootElement;
        json.GetProperty("deals").GetInt32().ShouldBe(3062, "calibrate's held-out deals and replay's --from deals are the same deals");
        json.GetProperty("base").GetProperty("largest_tie").GetProperty("share").GetDouble().ShouldBe(0.119, 0.0005, "the doc quotes 11.9 %");
        json.GetProperty("head").GetProperty("largest_tie").GetProperty("share").GetDouble().ShouldBe(0.144, 0.0005, "the doc quotes 14.4 %");
        Quoted(replay, "**Ties:** 11.9 % of leads share one composite (63.0) under base; 14.4 % of leads share one composite (70.0) under head.");
    }

    private static string? SharedData(string name)
    {
        for (var dir = new DirectoryInfo(Repo.Root).Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", name);
            if (File.Exists(Path.Combine(candidate, "sales_pipeline.csv")))
            {
                return candidate;
            }
        }

        return null;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
