using System.Text.Json;
using RuleScoring.Core.Rules;
using RuleScoring.Replay.Reports;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Import;

namespace RuleScoring.Replay.Tests;

public sealed class XEducationExampleTests
{
    private static string Example => Path.Combine(Repo.Rules, "examples", "x-education");

    [Fact]
    public void ExampleRules_Load_AndNeverReadAColumnThatLeaksTheOutcome()
    {
        var rules = RuleSetLoader.Load(Example);

        rules.ScoringRules.Count().ShouldBeGreaterThan(5);
        var expressions = string.Join('\n', rules.ScoringRules.Select(r => r.Expression)).ToLowerInvariant();
        foreach (var leaky in new[] { "tags", "lead_quality", "last_notable_activity", "last_activity", "converted", "lead_profile" })
        {
            expressions.ShouldNotContain($"\"{leaky}\"", customMessage: $"{leaky} is written during the sales process or is the outcome");
        }
    }

    [SkippableFact]
    public void Replay_OnTheRealFile_ReportsAucBandConversionAndTopTierLift()
    {
        var file = Repo.SharedData(Path.Combine("x-education-leads", "Leads.csv"));
        Skip.If(file is null, "shared/data/x-education-leads/Leads.csv is not beside the repository (it is never committed)");
        var folder = Directory.CreateTempSubdirectory("rulescore-xed-").FullName;
        try
        {
            var clock = FixedClock.Create();
            var db = Path.Combine(folder, "xed.db");
            using (var database = ScoreDatabase.Open(db, clock))
            {
                var importer = new Importer(database);
                importer.Import(file!, new ImportOptions(ImportKind.Leads, Mapping: ImportMapping.Load(Repo.Mapping("x-education-leads.json")))).Counts.Rejected.ShouldBe(0);
                importer.Import(file!, new ImportOptions(ImportKind.Deals, Mapping: ImportMapping.Load(Repo.Mapping("x-education-deals.json")))).Counts.Rejected.ShouldBe(0);
            }

            using var output = new StringWriter();
            using var error = new StringWriter();
            var outDir = Path.Combine(folder, "out");
            var code = ReplayCommand.Run(new ReplayCommand.Settings(Example, Example, Example, db, null, "2020-01-01", "lead_origin", outDir, new Gate(null, false, null)), clock, output, error);

            code.ShouldBe(0, error.ToString());
            var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json"))).RootElement;
            report.GetProperty("deals").GetInt32().ShouldBe(9240);
            report.GetProperty("base").GetProperty("auc").GetDouble().ShouldBeGreaterThan(0.75, "form and web data alone separate converters well");
            report.GetProperty("base").GetProperty("top_tier_lift").GetDouble().ShouldBeGreaterThan(2);
            var md = File.ReadAllText(Path.Combine(outDir, "report.md"));
            md.ShouldContain("AUC won vs lost");
            md.ShouldContain("Conversion by composite band");
            md.ShouldContain("top tier lift");
            File.ReadAllText(Path.Combine(outDir, "report.html")).ShouldContain("<svg");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
