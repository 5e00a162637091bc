using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;

namespace RuleScoring.Core.RuleTests;

/// <summary>
/// Reads the golden leads in a rules folder's <c>tests/*.json</c> and checks them against the rule
/// set they test: every problem at once, each with its file, line and case. Not part of
/// <see cref="RuleSetLoader.Load"/>: scoring never depends on the tests, <c>validate</c> runs them.
/// </summary>
public static class RuleTestReader
{
    public const string TestsFolder = "tests";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
    };

    /// <summary>Reads <c>tests/*.json</c> under <paramref name="rulesDirectory"/>; no tests folder is an empty suite.</summary>
    public static RuleTestSuite Read(string rulesDirectory, RuleSet ruleSet)
    {
        ArgumentNullException.ThrowIfNull(ruleSet);
        return ReadFolder(rulesDirectory, ruleSet);
    }

    /// <summary>
    /// Reads <c>tests/*.json</c> for what the files hold on their own (JSON, properties, times, leads)
    /// when the rule set they test does not load, so validate names their problems in the same run.
    /// </summary>
    public static RuleTestSuite ReadUnchecked(string rulesDirectory) => ReadFolder(rulesDirectory, null);

    private static RuleTestSuite ReadFolder(string rulesDirectory, RuleSet? ruleSet)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rulesDirectory);
        var folder = Path.Combine(rulesDirectory, TestsFolder);
        if (!Directory.Exists(folder))
        {
            return new RuleTestSuite([], [], []);
        }

        var files = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToArray();
        var names = files.Select(f => TestsFolder + "/" + Path.GetFileName(f)).ToArray();
        var cases = new List<RuleTestCase>();
        var problems = new List<RuleTestProblem>();
        var foreign = new ForeignReferences();
        for (var i = 0; i < files.Length; i++)
        {
            if (RulesFile.TryReadText(rulesDirectory, Path.Combine(TestsFolder, Path.GetFileName(files[i])), out var text, out var refused))
            {
                new FileReader(names[i], ruleSet, cases, problems, foreign).Read(text);
            }
            else
            {
                problems.Add(new RuleTestProblem(names[i], null, null, refused));
            }
        }

        foreign.Summarise(cases, problems);
        return new RuleTestSuite(names, cases, problems);
    }

    /// <summary>Reads one test file's text; <paramref name="file"/> names it in problems.</summary>
    public static RuleTestSuite ReadText(string file, string json, RuleSet ruleSet)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(ruleSet);
        var cases = new List<RuleTestCase>();
        var problems = new List<RuleTestProblem>();
        var foreign = new ForeignReferences();
        new FileReader(file, ruleSet, cases, problems, foreign).Read(json);
        foreign.Summarise(cases, problems);
        return new RuleTestSuite([file], cases, problems);
    }

    /// <summary>
    /// Rules, tiers and motions the cases expect that the model does not have. When most cases do,
    /// the tests were written for another model (a copy of rules/): one line says so and those
    /// files do not run, rather than an error per reason code and a failure per case.
    /// </summary>
    private sealed class ForeignReferences
    {
        private const int CasesToSummarise = 2;
        private readonly List<RuleTestProblem> _problems = [];
        private readonly SortedSet<string> _names = new(StringComparer.Ordinal);
        private readonly HashSet<(string File, string Case)> _cases = [];
        private readonly SortedSet<string> _files = new(StringComparer.Ordinal);

        public int TotalCases { get; set; }

        public void Add(RuleTestProblem problem, string missing)
        {
            _problems.Add(problem);
            _names.Add(missing);
            _files.Add(problem.File);
            _cases.Add((problem.File, problem.Case ?? ""));
        }

        public void Summarise(List<RuleTestCase> cases, List<RuleTestProblem> problems)
        {
            if (_cases.Count < CasesToSummarise || _cases.Count * 2 <= TotalCases)
            {
                return;
            }

            problems.RemoveAll(_problems.Contains);
            cases.RemoveAll(c => _files.Contains(c.File));
            var names = string.Join(", ", _names.Take(5)) + (_names.Count > 5 ? ", ..." : "");
            problems.Add(new RuleTestProblem(string.Join(", ", _files), null, null,
                $"{_cases.Count} of {TotalCases} cases expect rules, tiers or motions this model does not have ({names}): "
                + "written for another model? Rewrite them for this one, or delete them (these files did not run)"));
        }
    }

    private sealed class FileReader(string file, RuleSet? ruleSet, List<RuleTestCase> cases, List<RuleTestProblem> problems, ForeignReferences foreign)
    {
        private JsonLineMap _lines = null!;

        public void Read(string json)
        {
            try
            {
                using var _ = JsonDocument.Parse(json);
            }
            catch (JsonException ex)
            {
                Problem(ex.LineNumber is { } l ? (int)l + 1 : null, null, "invalid JSON: " + Friendly(ex));
                return;
            }

            _lines = JsonLineMap.Build(json);
            RuleTestFileDocument doc;
            try
            {
                doc = JsonSerializer.Deserialize<RuleTestFileDocument>(json, Options) ?? throw new JsonException("the file holds null");
            }
            catch (JsonException ex)
            {
                Problem(_lines.LineOf(ex.Path), null, Friendly(ex));
                return;
            }

            if (!Timestamps.TryParse(doc.AsOf, out var asOf))
            {
                Problem(_lines.LineOf("asOf"), null, $"asOf \"{doc.AsOf}\" is not an ISO 8601 timestamp (e.g. 2026-11-20T12:00:00Z)");
                return;
            }

            if (doc.Motion is { } motion && ruleSet is not null && !ruleSet.Motions.ContainsKey(motion))
            {
                Problem(_lines.LineOf("motion"), null, UnknownMotion(motion));
                foreign.Add(problems[^1], motion);
            }

            foreign.TotalCases += doc.Cases.Length;

            if (doc.Cases.Length == 0)
            {
                Problem(_lines.LineOf("cases"), null, "no cases: add at least one golden lead");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < doc.Cases.Length; i++)
            {
                ReadCase(doc.Cases[i], $"cases[{i}]", asOf, doc.Motion, seen);
            }
        }

        private void ReadCase(JsonElement element, string path, DateTimeOffset asOf, string? fileMotion, HashSet<string> seen)
        {
            var label = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()
                : $"#{path[6..^1]}";
            // The name's line rather than the brace's: that is what a reader searches for.
            var caseLine = _lines.LineOf(path + ".name");
            RuleTestCaseDocument doc;
            try
            {
                doc = element.Deserialize<RuleTestCaseDocument>(Options) ?? throw new JsonException("a case must be an object");
            }
            catch (JsonException ex)
            {
                Problem(_lines.LineOf(Under(path, ex.Path)), label, Friendly(ex));
                return;
            }

            var before = problems.Count;
            void Fail(string at, string message) => Problem(_lines.LineOf(path + at), doc.Name, message);

            if (string.IsNullOrWhiteSpace(doc.Name))
            {
                Fail(".name", "name is empty");
            }
            else if (!seen.Add(doc.Name))
            {
                Fail(".name", "another case in this file has the same name");
            }

            if (string.IsNullOrWhiteSpace(doc.Why))
            {
                Fail(".why", "why is empty: say which playbook promise this case keeps");
            }

            var motion = doc.Motion ?? fileMotion;
            if (doc.Motion is { } m && ruleSet is not null && !ruleSet.Motions.ContainsKey(m))
            {
                Fail(".motion", UnknownMotion(m));
                foreign.Add(problems[^1], m);
            }

            var expectation = ToExpectation(doc.Expect);
            CheckExpectation(expectation, path + ".expect", doc.Name);
            var lead = ReadLead(element.GetProperty("lead"), path + ".lead", doc.Name, asOf);
            if (lead is null || problems.Count > before)
            {
                return;
            }

            cases.Add(new RuleTestCase(file, caseLine, doc.Name, doc.Why, lead, asOf, motion, expectation));
        }

        private static RuleTestExpectation ToExpectation(RuleTestExpectDocument e) =>
            new(e.Tier, e.NotTier, e.TierRule, e.Fit, e.Intent, e.Behavior, e.Composite, e.Reasons, e.NotReasons, e.Disqualified) { Queue = e.Queue, Play = e.Play };

        private void CheckExpectation(RuleTestExpectation expect, string path, string name)
        {
            void Fail(string at, string message) => Problem(_lines.LineOf(path + at), name, message);

            if (expect.IsEmpty)
            {
                Fail("", "expect is empty: a case that expects nothing proves nothing");
            }

            void Foreign(string at, string missing, string message)
            {
                Fail(at, message);
                foreign.Add(problems[^1], missing);
            }

            // Without a rule set (it does not load) only what the file says on its own is checked.
            var tiers = ruleSet?.TierRules.Select(t => t.Tier).ToHashSet(StringComparer.Ordinal);
            foreach (var (property, values) in new[] { ("tier", expect.Tier), ("notTier", expect.NotTier) })
            {
                foreach (var tier in (values ?? []).Where(t => tiers is not null && !tiers.Contains(t)))
                {
                    Foreign("." + property, tier, $"{property} \"{tier}\" is not a tier that tiers.json assigns ({string.Join(", ", tiers!.Order(StringComparer.Ordinal))})");
                }
            }

            if (expect.TierRule is { } tierRule && ruleSet is not null && !ruleSet.TierRules.Any(t => t.Name == tierRule))
            {
                Foreign(".tierRule", tierRule, $"tierRule \"{tierRule}\" is not an enabled rule in tiers.json");
            }

            foreach (var (property, range) in new[] { ("fit", expect.Fit), ("intent", expect.Intent), ("behavior", expect.Behavior), ("composite", expect.Composite) })
            {
                if (range is { Min: { } min, Max: { } max } && min > max)
                {
                    Fail("." + property, $"{property}: min {ScoreRange.Format(min)} is above max {ScoreRange.Format(max)}");
                }
            }

            var codes = ruleSet?.ScoringRules.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var (property, list) in new[] { ("reasons", expect.Reasons), ("notReasons", expect.NotReasons) })
            {
                foreach (var code in list.Where(c => codes is not null && !codes.Contains(c)))
                {
                    Foreign("." + property, code, $"{property}: \"{code}\" is not an enabled rule in fit.json, intent.json or behavior.json");
                }
            }

            foreach (var code in expect.Reasons.Intersect(expect.NotReasons, StringComparer.Ordinal))
            {
                Fail(".notReasons", $"\"{code}\" is in both reasons and notReasons");
            }
        }

        /// <summary>The lead in the contract's shape, with relative signal times made absolute and lead_id defaulting to the case name.</summary>
        private Lead? ReadLead(JsonElement element, string path, string name, DateTimeOffset asOf)
        {
            if (JsonNode.Parse(element.GetRawText()) is not JsonObject lead)
            {
                Problem(_lines.LineOf(path), name, "lead must be an object: {\"attributes\": {...}, \"signals\": [...]}");
                return null;
            }

            lead.TryAdd("lead_id", name);
            var ok = true;
            if (lead["signals"] is JsonArray signals)
            {
                for (var i = 0; i < signals.Count; i++)
                {
                    if (signals[i] is not JsonObject signal || signal["occurred_at"] is not JsonValue value || !value.TryGetValue<string>(out var text))
                    {
                        continue;
                    }

                    if (RelativeTime.TryParse(text, asOf, out var at))
                    {
                        signal["occurred_at"] = Timestamps.Format(at);
                    }
                    else if (!Timestamps.TryParse(text, out _))
                    {
                        ok = false;
                        Problem(_lines.LineOf($"{path}.signals[{i}].occurred_at"), name,
                            $"signal {i + 1}: occurred_at \"{text}\" is neither ISO 8601 (2026-11-19T12:00:00Z) nor {RelativeTime.Help}");
                    }
                }
            }

            if (!ok)
            {
                return null;
            }

            var record = LeadJsonReader.Read(lead.ToJsonString()).Single();
            if (record.Lead is null)
            {
                Problem(_lines.LineOf(path), name, "lead: " + record.Error);
            }

            return record.Lead;
        }

        private string UnknownMotion(string motion) =>
            $"motion \"{motion}\" is not defined in model.json (motions: {string.Join(", ", ruleSet!.Motions.Keys)})";

        private void Problem(int? line, string? name, string message) => problems.Add(new RuleTestProblem(file, line, name, message));

        private static string Under(string prefix, string? path) =>
            path is null or "$" ? prefix : prefix + (path.StartsWith("$.", StringComparison.Ordinal) ? "." + path[2..] : path.TrimStart('$'));
    }

    private static string Friendly(JsonException ex) => JsonErrorText.Friendly(ex);
}
