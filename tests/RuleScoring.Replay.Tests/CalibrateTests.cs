using System.Text.Json;
using RuleScoring.Core.Rules;
using RuleScoring.Replay.Calibration;

namespace RuleScoring.Replay.Tests;

public sealed class CalibrateTests(CalibrationFixture data) : IClassFixture<CalibrationFixture>
{
    private (int Code, string Output, string Error, JsonElement Report) Calibrate(string rules, bool write = false, params string[] exclude) =>
        CalibrateOn(data.DataDirectory, rules, write, exclude);

    private (int Code, string Output, string Error, JsonElement Report) CalibrateOn(string dataDirectory, string rules, bool write = false, params string[] exclude)
    {
        var outDir = Path.Combine(data.Folder, "cal-" + Guid.NewGuid().ToString("N"));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CalibrateCommand.Run(new CalibrateSettings(rules, null, dataDirectory, MinFired: 20, Excluded: exclude.ToHashSet(StringComparer.OrdinalIgnoreCase), OutDir: outDir, Write: write),
            FixedClock.Create(), output, error);
        var file = Path.Combine(outDir, "calibration.json");
        return (code, output.ToString(), error.ToString(), File.Exists(file) ? JsonDocument.Parse(File.ReadAllText(file)).RootElement.Clone() : default);
    }

    [Fact]
    public void Calibrate_GeneratedDeals_SuggestsPointsOnlyWhereTheEvidenceIsEnough()
    {
        var rules = data.RulesCopy("cal-read");

        var (code, output, error, report) = Calibrate(rules);

        code.ShouldBe(0, error);
        var stats = report.GetProperty("stats").EnumerateArray().ToDictionary(s => s.GetProperty("rule").GetString()!, s => s.GetProperty("fired").GetInt32());
        var suggestions = report.GetProperty("suggestions").EnumerateArray().ToList();
        suggestions.Count.ShouldBe(RuleSetLoader.Load(rules).ScoringRules.Count());
        foreach (var s in suggestions)
        {
            var rule = s.GetProperty("rule").GetString()!;
            var confident = s.GetProperty("confident").GetBoolean();
            if (stats[rule] < 20)
            {
                confident.ShouldBeFalse($"{rule} fired {stats[rule]} times");
                s.GetProperty("suggested_points").GetDecimal().ShouldBe(s.GetProperty("current_points").GetDecimal());
            }

            if (confident)
            {
                s.GetProperty("suggested_points").GetDecimal().ShouldNotBe(0m, rule);
            }
        }

        suggestions.ShouldContain(s => s.GetProperty("confident").GetBoolean(), "the generated year has rules that fire on most deals");
        suggestions.Where(s => s.GetProperty("note").GetString()!.StartsWith("disqualifier", StringComparison.Ordinal)).ShouldAllBe(s => !s.GetProperty("confident").GetBoolean());
        report.GetProperty("model_auc").GetDouble().ShouldBeInRange(0.5, 1);
        report.GetProperty("raw_fields_cv_auc").GetDouble().ShouldBeInRange(0.3, 1);
        var cutoffs = report.GetProperty("thresholds").EnumerateArray().Select(t => t.GetProperty("cutoff").GetDecimal()).ToList();
        cutoffs.ShouldBe(cutoffs.OrderDescending().ToList(), "a larger top tier needs a lower cut-off");
        output.ShouldContain("Suggested points");
    }

    [Fact]
    public void Calibrate_OutcomesShuffled_SuggestsNothingBecauseTheRulesSeparateNothing()
    {
        var rules = data.RulesCopy("cal-noise");
        var noise = Path.Combine(data.Folder, "noise-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(noise);
        foreach (var file in Directory.GetFiles(data.DataDirectory, "*.csv"))
        {
            File.Copy(file, Path.Combine(noise, Path.GetFileName(file)));
        }

        // The same closed deals with won and lost dealt out again at random: nothing left to learn.
        // Open deals stay open (their rows have no close date, so they could not become won or lost).
        var lines = File.ReadAllLines(Path.Combine(noise, "deals.csv"));
        var header = lines[0].Split(',');
        var outcome = Array.IndexOf(header, "outcome");
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        var closed = rows.Where(r => r[outcome] is "won" or "lost").ToList();
        var random = new Random(5);
        var dealt = closed.Select(r => r[outcome]).OrderBy(_ => random.Next()).ToList();
        for (var i = 0; i < closed.Count; i++)
        {
            closed[i][outcome] = dealt[i];
        }

        File.WriteAllLines(Path.Combine(noise, "deals.csv"), rows.Select(r => string.Join(',', r)).Prepend(lines[0]));

        var (code, _, error, report) = CalibrateOn(noise, rules);

        code.ShouldBe(0, error);
        report.GetProperty("suggestions").EnumerateArray().ShouldAllBe(s => !s.GetProperty("confident").GetBoolean());
        report.GetProperty("suggestions").EnumerateArray().ShouldContain(s => s.GetProperty("note").GetString()!.Contains("beyond chance", StringComparison.Ordinal));
    }

    [Fact]
    public void Calibrate_Dispositions_CountEveryVerdictOnceWithTheRejectionShareAndReasonsPerTier()
    {
        var rules = data.RulesCopy("cal-dispositions");
        var csv = File.ReadAllLines(Path.Combine(data.DataDirectory, "dispositions.csv"));
        var header = csv[0].Split(',');
        var rows = csv.Skip(1).Select(l => l.Split(',')).ToList();
        var status = Array.IndexOf(header, "status");
        var reason = Array.IndexOf(header, "reason");
        var rejectedByReason = rows.Where(r => r[status] == "rejected").GroupBy(r => r[reason]).ToDictionary(g => g.Key, g => (long)g.Count());

        var (code, output, error, report) = Calibrate(rules);

        code.ShouldBe(0, error);
        var summary = report.GetProperty("dispositions");
        var all = summary.GetProperty("all");
        all.GetProperty("total").GetInt64().ShouldBe(rows.Count);
        all.GetProperty("rejected").GetInt64().ShouldBe(rejectedByReason.Values.Sum());
        all.GetProperty("false_positive_rate").GetDouble().ShouldBe(rejectedByReason.Values.Sum() / (double)rows.Count, 1e-9);
        var topReasons = all.GetProperty("top_rejection_reasons").EnumerateArray().ToList();
        topReasons[0].GetProperty("count").GetInt64().ShouldBe(rejectedByReason.Values.Max());
        foreach (var r in topReasons)
        {
            r.GetProperty("count").GetInt64().ShouldBe(rejectedByReason[r.GetProperty("reason").GetString()!]);
        }

        var tiers = summary.GetProperty("by_tier").EnumerateArray().ToList();
        tiers.Count.ShouldBeGreaterThan(1, "the generated dispositions span tiers");
        tiers.Sum(t => t.GetProperty("total").GetInt64()).ShouldBe(rows.Count);
        tiers.Sum(t => t.GetProperty("rejected").GetInt64()).ShouldBe(all.GetProperty("rejected").GetInt64());
        output.ShouldContain("false positives");
    }

    [Fact]
    public void Calibrate_Dispositions_AreTieredByTheRulesBeingCalibrated()
    {
        // A model whose first tier rule takes every lead: every verdict must land in that tier,
        // so the tier comes from these rules, not from a stored score or another version.
        var rules = data.RulesCopy("cal-dispositions-all-d", (file, node) =>
        {
            if (file == "tiers.json")
            {
                node["Rules"]![0]!["Expression"] = "true";
            }
        });

        var (code, _, error, report) = Calibrate(rules);

        code.ShouldBe(0, error);
        var tiers = report.GetProperty("dispositions").GetProperty("by_tier").EnumerateArray().Select(t => t.GetProperty("tier").GetString()).ToList();
        tiers.ShouldBe(["D"]);
    }

    [Fact]
    public void Calibrate_ExcludedField_IsLeftOutOfTheRawBaseline()
    {
        var rules = data.RulesCopy("cal-exclude");

        var (_, _, _, all) = Calibrate(rules);
        var (_, _, _, without) = Calibrate(rules, false, "industry");

        all.GetProperty("raw_fields_used").EnumerateArray().Select(f => f.GetString()).ShouldContain("industry");
        without.GetProperty("raw_fields_used").EnumerateArray().Select(f => f.GetString()).ShouldNotContain("industry");
    }

    [Fact]
    public void CalibrateWrite_ChangesOnlyPointsBumpsTheVersionAndDraftsTheChangelog_ThenReplayCompares()
    {
        var before = data.RulesCopy("cal-before");
        var after = data.RulesCopy("cal-after");
        File.Copy(Path.Combine(Repo.Rules, "CHANGELOG.md"), Path.Combine(after, "CHANGELOG.md"));
        var original = Directory.GetFiles(after, "*.json").ToDictionary(f => Path.GetFileName(f), File.ReadAllLines);

        var (code, _, error, report) = Calibrate(after, write: true);

        code.ShouldBe(0, error);
        var written = report.GetProperty("suggestions").EnumerateArray()
            .Count(s => s.GetProperty("confident").GetBoolean() && s.GetProperty("suggested_points").GetDecimal() != s.GetProperty("current_points").GetDecimal()
                && !s.GetProperty("sign_flip").GetBoolean());
        written.ShouldBeGreaterThan(0);
        var changedLines = 0;
        foreach (var (file, lines) in original)
        {
            var now = File.ReadAllLines(Path.Combine(after, file));
            now.Length.ShouldBe(lines.Length, $"{file}: the layout stays as it was");
            for (var i = 0; i < lines.Length; i++)
            {
                if (now[i] != lines[i])
                {
                    changedLines++;
                    (now[i].Contains("\"points\"", StringComparison.Ordinal) || now[i].Contains("\"version\"", StringComparison.Ordinal)).ShouldBeTrue($"{file}:{i + 1} changed beyond points: {now[i]}");
                }
            }
        }

        changedLines.ShouldBe(written + 1, "one line per rewritten rule, and the version");
        var shipped = RuleSetLoader.Load(before).Identity.Version;
        var next = Core.Governance.SemanticVersion.NextMinor(shipped);
        var rules = RuleSetLoader.Load(after);
        rules.Identity.Version.ShouldBe(next);
        var changelog = File.ReadAllText(Path.Combine(after, "CHANGELOG.md"));
        changelog.IndexOf($"\n## {next} ", StringComparison.Ordinal).ShouldBeLessThan(changelog.IndexOf($"\n## {shipped} ", StringComparison.Ordinal));

        var replay = data.Replay(before, after);
        replay.Code.ShouldBe(0, replay.Error);
        replay.Report.GetProperty("head").GetProperty("rules_version").GetString().ShouldBe(next);
    }
}
