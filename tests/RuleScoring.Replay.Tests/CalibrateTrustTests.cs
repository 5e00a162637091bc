using System.Text.Json;
using System.Text.Json.Nodes;
using RuleScoring.Core.Rules;
using RuleScoring.Replay.Calibration;

namespace RuleScoring.Replay.Tests;

/// <summary>
/// Calibrate a reviewer can trust, on small hand-made deals scored by the real rules and engine:
/// no weight for a rule on every deal, sign flips held back, a tier the suggestions empty called
/// out, cut-offs that treat equal scores as tied, and fits checked forward in time.
/// </summary>
public sealed class CalibrateTrustTests : IDisposable
{
    private const int Deals = 400;
    private readonly HandMadeDeals _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Calibrate_RuleFiringOnEveryDeal_IsNotWeighedAndNotWritten()
    {
        var rules = _data.RulesCopy((file, node) =>
        {
            if (file == "fit.json")
            {
                node["Rules"]!.AsArray().Add(JsonNode.Parse("""{ "RuleName": "fit.always", "Expression": "true", "Properties": { "points": 40, "reason": "Every lead" } }"""));
            }
        });

        var (code, output, error, report) = Calibrate(new CalibrateSettings(rules, null, _data.Write(Funnel(demoWins: true)), Write: true, AllowSignFlips: true));

        code.ShouldBe(0, error);
        var always = Suggestion(report, "fit.always");
        always.GetProperty("confident").GetBoolean().ShouldBeFalse("a rule on 100 % of deals is confounded with the intercept: its weight is noise");
        always.GetProperty("suggested_points").GetDecimal().ShouldBe(40m);
        always.GetProperty("note").GetString()!.ShouldContain("almost every deal");
        output.ShouldContain("fires on almost every deal (100.0 %");
        RuleSetLoader.Load(rules).ScoringRules.Single(r => r.Name == "fit.always").Points.ShouldBe(40m, "--write leaves it as it was");
        report.GetProperty("suggestions").EnumerateArray().ShouldContain(s => s.GetProperty("confident").GetBoolean(), "the other rules still separate won from lost");
    }

    [Fact]
    public void CalibrateWrite_SignFlip_IsShownButWrittenOnlyWithAllowSignFlips()
    {
        var data = _data.Write(Funnel(demoWins: false));
        var held = _data.RulesCopy();
        var allowed = _data.RulesCopy();

        var (code, output, error, report) = Calibrate(new CalibrateSettings(held, null, data, Write: true));
        var (allowedCode, _, allowedError, _) = Calibrate(new CalibrateSettings(allowed, null, data, Write: true, AllowSignFlips: true));

        code.ShouldBe(0, error);
        allowedCode.ShouldBe(0, allowedError);
        var demo = Suggestion(report, "intent.demo_request");
        demo.GetProperty("sign_flip").GetBoolean().ShouldBeTrue();
        demo.GetProperty("suggested_points").GetDecimal().ShouldBeLessThan(0m, "shown in the report");
        output.ShouldContain("written only with --allow-sign-flips");
        error.ShouldContain("sign flip(s) shown but not written");
        RuleSetLoader.Load(held).ScoringRules.Single(r => r.Name == "intent.demo_request").Points.ShouldBe(50m);
        RuleSetLoader.Load(allowed).ScoringRules.Single(r => r.Name == "intent.demo_request").Points.ShouldBeLessThan(0m);
    }

    [Fact]
    public void Calibrate_SuggestionThatEmptiesTierA_IsAWarning()
    {
        // Tier A needs intent >= 30, which only the demo request gives here; flipped, no lead reaches A.
        var data = _data.Write(Funnel(demoWins: false));

        var (code, output, error, report) = Calibrate(new CalibrateSettings(_data.RulesCopy(), null, data, AllowSignFlips: true));
        var (_, heldOutput, _, heldReport) = Calibrate(new CalibrateSettings(_data.RulesCopy(), null, data));

        code.ShouldBe(0, error);
        var a = report.GetProperty("tiers").EnumerateArray().Single(t => t.GetProperty("tier").GetString() == "A");
        a.GetProperty("before").GetInt32().ShouldBeGreaterThan(0);
        a.GetProperty("after").GetInt32().ShouldBe(0);
        report.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()).ShouldContain(w => w!.StartsWith("tier A is emptied", StringComparison.Ordinal) && w.Contains("SQL volume to 0", StringComparison.Ordinal));
        output.ShouldContain("**Warning**: tier A is emptied");
        error.ShouldContain("warning: tier A is emptied");
        heldReport.GetProperty("warnings").EnumerateArray().ShouldNotContain(w => w.GetString()!.Contains("emptied", StringComparison.Ordinal), "without the flip written, tier A keeps its deals");
        heldOutput.ShouldNotContain("is emptied");
    }

    [Fact]
    public void Calibrate_Capacity_CutOffOptionsStopThereAndNoneTakesMoreThanItsShare()
    {
        var data = _data.Write(Funnel(demoWins: false));

        var (_, _, _, tight) = Calibrate(new CalibrateSettings(_data.RulesCopy(), null, data, Capacity: 0.10));

        tight.GetProperty("thresholds").EnumerateArray().Select(t => t.GetProperty("share").GetDouble()).ShouldBe([0.05, 0.10], "cut-off options stop at the capacity");
        tight.GetProperty("thresholds").EnumerateArray().ShouldAllBe(t => t.GetProperty("true_share").GetDouble() <= t.GetProperty("share").GetDouble() + 1e-9);
    }

    [Fact]
    public void Calibrate_TopTierPastCapacity_IsAWarningNamingTheShares()
    {
        // Tier A takes every demo requester: about half the deals, far more than a 10 % capacity.
        var deals = Funnel(demoWins: true);
        var data = _data.Write(deals);

        var (code, output, error, report) = Calibrate(new CalibrateSettings(_data.RulesCopy(), null, data, Capacity: 0.10));
        var (_, _, _, roomy) = Calibrate(new CalibrateSettings(_data.RulesCopy(), null, data, Capacity: 0.9));

        code.ShouldBe(0, error);
        var a = report.GetProperty("tiers").EnumerateArray().Single(t => t.GetProperty("tier").GetString() == "A");
        a.GetProperty("after_share").GetDouble().ShouldBeGreaterThan(0.10);
        report.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ShouldContain(w => w.StartsWith("tier A would take", StringComparison.Ordinal) && w.Contains("capacity of 10%", StringComparison.Ordinal));
        output.ShouldContain("more than the capacity of 10%");
        roomy.GetProperty("warnings").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public void Calibrate_AllScoresEqual_NoCutOffClaimsATopShareAndTheQuintilesTie()
    {
        var deals = Enumerable.Range(0, Deals).Select(i => new HandMadeDeal($"L{i:0000}", HandMadeDeals.Day(i, Deals), i % 10 < 3, Lead(core: true, software: true))).ToList();

        var (code, output, error, report) = Calibrate(new CalibrateSettings(_data.RulesCopy(), null, _data.Write(deals)));

        code.ShouldBe(0, error);
        foreach (var t in report.GetProperty("thresholds").EnumerateArray())
        {
            t.GetProperty("cutoff").ValueKind.ShouldBe(JsonValueKind.Null, "a threshold takes all 400 tied deals or none");
            t.GetProperty("deals").GetInt32().ShouldBe(0);
            t.GetProperty("true_share").GetDouble().ShouldBe(0);
        }

        output.ShouldContain("No cut-off keeps the top tier within 5 %");
        report.GetProperty("top_vs_bottom_quintile").GetDouble().ShouldBe(1, 1e-9, "tied deals convert alike in the top and bottom fifth");
    }

    [Fact]
    public void Calibrate_TwoGroupsOfEqualScores_CutOffsTakeWholeGroupsAndReportTheirTrueShare()
    {
        // 40 deals (10 %) score high, 360 score low: every top share from 10 % to 25 % can only take the 40.
        var deals = Enumerable.Range(0, Deals).Select(i => new HandMadeDeal($"L{i:0000}", HandMadeDeals.Day(i, Deals), i % 10 < 3, Lead(core: i % 10 == 0, software: true))).ToList();

        var (code, _, error, report) = Calibrate(new CalibrateSettings(_data.RulesCopy(), null, _data.Write(deals)));

        code.ShouldBe(0, error);
        var rows = report.GetProperty("thresholds").EnumerateArray().ToDictionary(t => t.GetProperty("share").GetDouble());
        rows[0.05].GetProperty("cutoff").ValueKind.ShouldBe(JsonValueKind.Null);
        foreach (var share in new[] { 0.10, 0.15, 0.20, 0.25 })
        {
            rows[share].GetProperty("deals").GetInt32().ShouldBe(40, $"top {share:P0}");
            rows[share].GetProperty("true_share").GetDouble().ShouldBe(0.10, 1e-9);
        }
    }

    [Fact]
    public void Calibrate_TrainUntil_FitsOnTheEarlierDealsAndReportsTheHeldOutAuc()
    {
        var deals = Funnel(demoWins: true);
        var until = new DateTimeOffset(2026, 7, 31, 23, 59, 59, TimeSpan.Zero);

        var (code, output, error, report) = Calibrate(new CalibrateSettings(_data.RulesCopy(), null, _data.Write(deals), TrainUntil: until));

        code.ShouldBe(0, error);
        var train = deals.Count(d => d.At <= until);
        report.GetProperty("deals").GetInt32().ShouldBe(train, "suggestions come from the training period only");
        var holdout = report.GetProperty("holdout");
        holdout.GetProperty("train_deals").GetInt32().ShouldBe(train);
        holdout.GetProperty("held_deals").GetInt32().ShouldBe(Deals - train);
        holdout.GetProperty("held_won").GetInt32().ShouldBe(deals.Count(d => d.At > until && d.Won));
        holdout.GetProperty("suggested_auc").GetDouble().ShouldBeInRange(0.6, 1, "the demo request and the fit rules keep separating won from lost after the cut");
        holdout.GetProperty("current_auc").GetDouble().ShouldBeInRange(0.5, 1);
        output.ShouldContain($"fitted on {train} deals up to 2026-07-31 (2026-01-01 to ");
        output.ShouldContain($"held out {Deals - train} later deals (2026-08-01 to ");
    }

    [Fact]
    public void CalibrateCommand_TrainUntilABareDate_TakesThatWholeDayIntoTraining()
    {
        var deals = Funnel(demoWins: true);
        var data = _data.Write(deals);
        var outDir = Path.Combine(_data.Folder, "cal-" + Guid.NewGuid().ToString("N"));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var command = CalibrateCommand.Create(FixedClock.Create(), output, error);

        var code = command.Parse(["--rules", _data.RulesCopy(), "--data", data, "--train-until", "2026-07-31", "--out", outDir]).Invoke();
        var bad = command.Parse(["--rules", _data.RulesCopy(), "--data", data, "--train-until", "end of July"]).Invoke();

        code.ShouldBe(0, error.ToString());
        deals.ShouldContain(d => d.At.Date == new DateTime(2026, 7, 31), "the test needs deals on the day itself");
        var holdout = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "calibration.json"))).RootElement.GetProperty("holdout");
        holdout.GetProperty("train_deals").GetInt32().ShouldBe(deals.Count(d => d.At < new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero)));
        output.ToString().ShouldContain("Replay the same held-out deals with `--from 2026-08-01`", Case.Sensitive, "--from 2026-07-31 would replay the training day's deals too");
        bad.ShouldBe(2);
        error.ToString().ShouldContain("--train-until \"end of July\" is not a date");
    }

    [Fact]
    public void Calibrate_CrossValidation_IsForwardChainingByTime()
    {
        // Each month's deals come from their own campaign, and whether a campaign's deals win is a
        // coin toss: random folds learn every campaign from its own deals and look like a model;
        // folds that only learn from earlier deals meet each campaign for the first time and cannot.
        var random = new Random(7);
        var campaignWins = Enumerable.Range(0, 10).Select(_ => random.NextDouble() < 0.5).ToArray();
        var deals = Enumerable.Range(0, Deals).Select(i =>
        {
            var at = HandMadeDeals.Day(i, Deals);
            var campaign = at.Month - 1;
            var won = random.NextDouble() < (campaignWins[campaign] ? 0.9 : 0.1);
            var lead = Lead(core: true, software: true);
            lead["campaign"] = $"c{campaign}";
            return new HandMadeDeal($"L{i:0000}", at, won, lead);
        }).ToList();

        var (code, output, error, report) = Calibrate(new CalibrateSettings(_data.RulesCopy(), null, _data.Write(deals)));

        code.ShouldBe(0, error);
        report.GetProperty("raw_fields_used").EnumerateArray().Select(f => f.GetString()).ShouldContain("campaign");
        report.GetProperty("raw_fields_cv_auc").GetDouble().ShouldBeLessThan(0.7, "no fold may learn a campaign from the deals it is scored on");
        report.GetProperty("cross_validation").GetString()!.ShouldStartWith("forward-chaining by time");
        output.ShouldContain("Cross-validation is forward-chaining by time");
    }

    internal static Dictionary<string, string> Lead(bool core, bool software) => HandMadeDeals.Attributes(
        ("employees", core ? "300" : "20"), ("industry", software ? "software" : "retail"), ("country", "united states"), ("seniority", "vp"));

    /// <summary>
    /// 400 deals over ten months whose outcome follows company size and industry, and the demo
    /// request either with them (<paramref name="demoWins"/>) or against them (demo requesters mostly lose).
    /// </summary>
    private static List<HandMadeDeal> Funnel(bool demoWins)
    {
        var random = new Random(42);
        return Enumerable.Range(0, Deals).Select(i =>
        {
            var core = random.NextDouble() < 0.5;
            var software = random.NextDouble() < 0.5;
            var demo = random.NextDouble() < 0.5;
            var p = (core ? 0.25 : 0) + (software ? 0.25 : 0) + (demo == demoWins ? 0.35 : 0.05);
            return new HandMadeDeal($"L{i:0000}", HandMadeDeals.Day(i, Deals), random.NextDouble() < p, Lead(core, software), demo ? ["demo_request"] : []);
        }).ToList();
    }

    private static JsonElement Suggestion(JsonElement report, string rule) =>
        report.GetProperty("suggestions").EnumerateArray().Single(s => s.GetProperty("rule").GetString() == rule);

    private (int Code, string Output, string Error, JsonElement Report) Calibrate(CalibrateSettings settings) => _data.Calibrate(settings);
}
