using System.Text.Json;
using System.Text.Json.Nodes;
using RuleScoring.Core.Rules;
using RuleScoring.Replay.Calibration;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Import;
using Xunit.Abstractions;

namespace RuleScoring.Replay.Tests;

/// <summary>Leaky fields declared once, in model.json's leakyFields: validate refuses a rule that reads one, and calibrate's raw-field baseline leaves them out unless asked.</summary>
public sealed class LeakyFieldTests(ITestOutputHelper log) : IDisposable
{
    private static readonly string[] SalesWritten =
        ["tags", "lead_quality", "last_activity", "last_notable_activity", "lead_profile", "activity_index", "profile_index", "activity_score", "profile_score"];

    private readonly HandMadeDeals _data = new();

    public void Dispose() => _data.Dispose();

    private static string XEducation => Path.Combine(Repo.Rules, "examples", "x-education");

    [Fact]
    public void Validate_RuleReadingALeakyField_IsAnErrorNamingFileRuleAndField()
    {
        var rules = _data.RulesCopy((file, node) =>
        {
            if (file == RuleSetLoader.ModelFile)
            {
                node["leakyFields"] = new JsonArray("Tags", "industry");
            }
            else if (file == "fit.json")
            {
                node["Rules"]!.AsArray().Add(JsonNode.Parse("""{ "RuleName": "fit.hot_tag", "Expression": "lead.Attr(\"tags\") == \"hot\"", "Properties": { "points": 10, "reason": "Tagged hot" } }"""));
            }
        });

        var problems = RuleSetLoader.Validate(rules).Problems.Where(p => p.Severity == RuleProblemSeverity.Error).ToList();

        var tag = problems.Where(p => p.Rule == "fit.hot_tag").ShouldHaveSingleItem();
        tag.File.ShouldBe("fit.json");
        tag.Message.ShouldContain("\"tags\"");
        tag.Message.ShouldContain("leakyFields");
        var typed = problems.Where(p => p.Rule == "fit.target_industry").ShouldHaveSingleItem();
        typed.Message.ShouldContain("\"industry\"", customMessage: "lead.Industry reads the industry attribute");
        problems.Count.ShouldBe(2, string.Join('\n', problems.Select(p => p.Message)));
    }

    [Fact]
    public void Validate_LeakyFieldsNoRuleReads_LoadsAndKeepsThem()
    {
        var rules = _data.RulesCopy((file, node) =>
        {
            if (file == RuleSetLoader.ModelFile)
            {
                node["leakyFields"] = new JsonArray("tags", "lead_quality");
            }
        });

        RuleSetLoader.Load(rules).LeakyFields.ShouldBe(["tags", "lead_quality"], ignoreOrder: true);
    }

    [Fact]
    public void XEducationExample_DeclaresTheSalesWrittenFieldsLeakyAndMatchesItsMappings()
    {
        var rules = RuleSetLoader.Load(XEducation);

        rules.LeakyFields.ShouldBe(SalesWritten, ignoreOrder: true);
        foreach (var name in new[] { "x-education-leads.json", "x-education-deals.json" })
        {
            var mapping = ImportMapping.Load(Repo.Mapping(name));
            mapping.Leaky.Count.ShouldBe(SalesWritten.Length, name);
        }

        var leads = ImportMapping.Load(Repo.Mapping("x-education-leads.json"));
        foreach (var column in leads.Leaky.Where(leads.Columns.ContainsKey))
        {
            rules.LeakyFields.ShouldContain(leads.Columns[column], $"{column} is imported as {leads.Columns[column]}: model.json must declare it leaky too");
        }
    }

    [Fact]
    public void Calibrate_RawBaseline_LeavesLeakyFieldsOutUnlessAsked()
    {
        var rules = _data.RulesCopy((file, node) =>
        {
            if (file == RuleSetLoader.ModelFile)
            {
                node["leakyFields"] = new JsonArray("tags", "lead_quality");
            }
        });
        var random = new Random(3);
        var deals = Enumerable.Range(0, 300).Select(i =>
        {
            var won = random.NextDouble() < 0.3;
            var lead = CalibrateTrustTests.Lead(core: i % 2 == 0, software: i % 3 == 0);
            lead["tags"] = won ? "will enrol" : "ringing";
            return new HandMadeDeal($"L{i:0000}", HandMadeDeals.Day(i, 300), won, lead);
        }).ToList();
        var data = _data.Write(deals);

        var (code, output, error, without) = Calibrate(new CalibrateSettings(rules, null, data));
        var (_, _, _, with) = Calibrate(new CalibrateSettings(rules, null, data, IncludeLeaky: true));

        code.ShouldBe(0, error);
        Fields(without, "raw_fields_used").ShouldNotContain("tags");
        Fields(without, "leaky_fields_left_out").ShouldBe(["tags"], "lead_quality is declared but not in the data");
        output.ShouldContain("leaves out 1 field(s) model.json declares leaky (written during or after the sales process): tags");
        Fields(with, "raw_fields_used").ShouldContain("tags");
        Fields(with, "leaky_fields_left_out").ShouldBeEmpty();
        with.GetProperty("raw_fields_cv_auc").GetDouble().ShouldBeGreaterThan(0.95, "the tag is the outcome");
        without.GetProperty("raw_fields_cv_auc").GetDouble().ShouldBeLessThan(0.75);
    }

    [SkippableFact]
    public void Calibrate_XEducation_BaselineWithoutTheSalesWrittenFields()
    {
        var file = Repo.SharedData(Path.Combine("x-education-leads", "Leads.csv"));
        Skip.If(file is null, "shared/data/x-education-leads/Leads.csv is not beside the repository (it is never committed)");
        var clock = FixedClock.Create();
        var db = Path.Combine(_data.Folder, "xed.db");
        using (var database = ScoreDatabase.Open(db, clock))
        {
            var importer = new Importer(database);
            importer.Import(file!, new ImportOptions(ImportKind.Leads, Mapping: ImportMapping.Load(Repo.Mapping("x-education-leads.json")))).Counts.Rejected.ShouldBe(0);
            importer.Import(file!, new ImportOptions(ImportKind.Deals, Mapping: ImportMapping.Load(Repo.Mapping("x-education-deals.json")))).Counts.Rejected.ShouldBe(0);
        }

        var (code, _, error, without) = Calibrate(new CalibrateSettings(XEducation, db, null, AsOf: "2020-01-01"));
        var (_, _, _, with) = Calibrate(new CalibrateSettings(XEducation, db, null, AsOf: "2020-01-01", IncludeLeaky: true));

        code.ShouldBe(0, error);
        var leftOut = Fields(without, "leaky_fields_left_out");
        leftOut.ShouldBe(["activity_index", "activity_score", "last_activity", "last_notable_activity", "lead_profile", "profile_index", "profile_score"]);
        Fields(without, "raw_fields_used").ShouldNotContain(f => leftOut.Contains(f));
        Fields(with, "raw_fields_used").ShouldContain("last_notable_activity");
        var (leaky, clean) = (with.GetProperty("raw_fields_cv_auc").GetDouble(), without.GetProperty("raw_fields_cv_auc").GetDouble());
        log.WriteLine($"X Education raw-field baseline: {leaky:0.000} ({Fields(with, "raw_fields_used").Count} fields) with the sales-written fields, "
            + $"{clean:0.000} ({Fields(without, "raw_fields_used").Count} fields) without; model {without.GetProperty("model_auc").GetDouble():0.000}, rules regression {without.GetProperty("rules_regression_cv_auc").GetDouble():0.000}");
        leaky.ShouldBeGreaterThan(clean + 0.02, "the sales-written fields carry the outcome");
    }

    private static List<string> Fields(JsonElement report, string property) =>
        report.GetProperty(property).EnumerateArray().Select(f => f.GetString()!).ToList();

    private (int Code, string Output, string Error, JsonElement Report) Calibrate(CalibrateSettings settings) => _data.Calibrate(settings);
}
