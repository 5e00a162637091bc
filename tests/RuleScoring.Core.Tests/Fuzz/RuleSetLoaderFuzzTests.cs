using System.Text.Json.Nodes;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tests.Support;
using RuleScoring.Tests.Fuzz;
using Xunit.Abstractions;

namespace RuleScoring.Core.Tests.Fuzz;

/// <summary>
/// Mutated copies of rules/: JSON edits, truncations, type swaps, deleted or duplicated
/// properties and random expressions. The loader never throws anything but the documented
/// <see cref="RuleSetException"/>, every error names a file and says what is wrong, and a set
/// that loads scores leads without throwing.
/// </summary>
public sealed class RuleSetLoaderFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Files = ["model.json", "fit.json", "intent.json", "behavior.json", "tiers.json", "account.json"];
    private static readonly string[] WorkflowFiles = ["fit.json", "intent.json", "behavior.json", "tiers.json", "account.json"];

    /// <summary>Tokens of the expression language and of things the sandbox must refuse.</summary>
    private static readonly string[] ExpressionTokens =
    [
        "lead", "signals", "card", "lists", "account", "s", "s =>", "=>", ".", "(", ")", "\"", "\"x\"", "&&", "||", "and", "or", "not", "!", "==", "!=", ">=", "<", "+", "-", "*", "/", "%",
        "0", "1", "-1", "1e309", "2147483648", "0.5", "null", "true", "false", "?", ":", "[", "]", ",", "@0", "it", "np", "iif", "new",
        "Count", "Any", "All", "Sum", "Max", "Type", "Employees", "Country", "Attr(\"x\")", "Number(\"x\")", "HasTech(\"x\")", "AgeDays", "Fit", "Intent",
        "GetType()", "System.IO.File.ReadAllText(\"/etc/passwd\")", "DateTime.Now", "Guid.NewGuid()", "Enumerable.Range(0, 100000000)", "Math.Sqrt", "string.Join",
        "Environment.Exit(1)", "AppDomain.CurrentDomain", "typeof(object)", ".Assembly", "ToString()", "Length", "Substring(5)", "x", "\\", "'", "{", "}",
    ];

    [Fact]
    public void RuleSetLoader_MutatedRulesFolders_ExplainEveryProblemAndNeverThrow()
    {
        var originals = Files.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(Repo.Rules, f)));
        using var folder = new RulesCopy();
        var run = new FuzzRun("rules", 80, output);
        run.Run(c =>
        {
            var r = c.Random;
            var changed = new Dictionary<string, string?>();
            var files = r.Next(10) == 0 ? 2 : 1;
            for (var i = 0; i < files; i++)
            {
                var file = r.Next(3) == 0 ? Mutate.Pick(r, WorkflowFiles) : Mutate.Pick(r, Files);
                changed[file] = MutateFile(r, file, changed.GetValueOrDefault(file) ?? originals[file]);
            }

            foreach (var file in Files)
            {
                var path = Path.Combine(folder.Directory, file);
                var text = changed.TryGetValue(file, out var mutated) ? mutated : originals[file];
                if (text is null)
                {
                    File.Delete(path);
                }
                else
                {
                    File.WriteAllText(path, text);
                }
            }

            c.Input = string.Join("\n", changed.Select(f => $"--- {f.Key}:\n{f.Value ?? "(deleted)"}"));
            RuleSet? set;
            IReadOnlyList<RuleProblem> problems;
            if (c.Index % 2 == 0)
            {
                var result = RuleSetLoader.Validate(folder.Directory);
                (set, problems) = (result.RuleSet, result.Problems);
            }
            else
            {
                try
                {
                    set = RuleSetLoader.Load(folder.Directory);
                    problems = [];
                }
                catch (RuleSetException ex)
                {
                    (set, problems) = (null, ex.Problems);
                    Check.That(ex.Message.Contains(folder.Directory, StringComparison.Ordinal), "the exception names the rules folder");
                }
            }

            foreach (var problem in problems)
            {
                Check.That(problem.File == folder.Directory || problem.File.EndsWith(".json", StringComparison.Ordinal) || problem.File.EndsWith(".md", StringComparison.Ordinal),
                    $"a problem names its file: {problem}");
                Check.That(!string.IsNullOrWhiteSpace(problem.Message), $"a problem says what is wrong: {problem}");
                Check.That(!problem.Message.Contains("   at ", StringComparison.Ordinal), $"no stack trace in a problem: {problem}");
            }

            if (set is null)
            {
                Check.That(problems.Any(p => p.Severity == RuleProblemSeverity.Error), "an unusable rules folder lists at least one error");
                return FuzzOutcome.Rejected;
            }

            var scorer = new LeadScorer(set);
            foreach (var lead in SampleLeads)
            {
                var card = scorer.Score(lead, Some.AsOf);
                Check.That(card.Composite is >= 0 and <= 100, $"composite {card.Composite} is within 0-100");
                ScoreCardJson.Serialize(card);
            }

            return FuzzOutcome.Accepted;
        });
    }

    private static readonly Core.Leads.Lead[] SampleLeads =
    [
        Some.IdealCustomer().Signal("pricing_view", daysAgo: 2).Signal("demo_request", daysAgo: 1).Signal("webinar_attended", daysAgo: 40, topic: "pricing").Build(),
        Some.Lead("L-empty").Build(),
        Some.Lead("L-odd").With("employees", "-5").With("email", "@").With("tech_stack", ";;").Signal("unknown_type", daysAgo: 9000, value: double.MaxValue).Build(),
    ];

    private static string? MutateFile(Random r, string file, string text)
    {
        switch (r.Next(20))
        {
            case 0:
                return null;
            case 1:
                return r.Next(2) == 0 ? "" : text[..r.Next(text.Length)];
            case < 6:
                return Mutate.Text(r, text);
            case < 11 when WorkflowFiles.Contains(file) && TryParse(text) is JsonObject workflow && workflow["Rules"] is JsonArray { Count: > 0 } rules
                && rules[r.Next(rules.Count)] is JsonObject rule:
                rule["Expression"] = MutateExpression(r, (string?)rule["Expression"] ?? "");
                return workflow.ToJsonString();
            default:
                var node = TryParse(text);
                if (node is null)
                {
                    return Mutate.Text(r, text);
                }

                var edits = r.Next(1, 4);
                var result = text;
                for (var i = 0; i < edits && node is not null; i++)
                {
                    result = Mutate.Json(r, node, MutateExpression);
                    node = TryParse(result);
                }

                return result;
        }
    }

    private static string MutateExpression(Random r, string expression)
    {
        if (r.Next(5) == 0)
        {
            return string.Join(" ", Enumerable.Range(0, r.Next(1, 15)).Select(_ => Mutate.Pick(r, ExpressionTokens)));
        }

        var tokens = expression.Split(' ').ToList();
        for (var edits = r.Next(1, 4); edits > 0; edits--)
        {
            var at = r.Next(tokens.Count + 1);
            switch (r.Next(3))
            {
                case 0:
                    tokens.Insert(at, Mutate.Pick(r, ExpressionTokens));
                    break;
                case 1 when tokens.Count > 0:
                    tokens.RemoveAt(Math.Min(at, tokens.Count - 1));
                    break;
                case 2 when tokens.Count > 0:
                    tokens[Math.Min(at, tokens.Count - 1)] = Mutate.Pick(r, ExpressionTokens);
                    break;
                default:
                    tokens.Add(Mutate.Pick(r, ExpressionTokens));
                    break;
            }
        }

        return string.Join(" ", tokens);
    }

    private static JsonNode? TryParse(string text) => Mutate.TryParse(text);
}
