using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tests.Support;
using RuleScoring.Tests.Fuzz;
using Xunit.Abstractions;

namespace RuleScoring.Core.Tests.Fuzz;

/// <summary>
/// Rule expressions built from the operators an attacker or a clumsy author reaches for (issue 17):
/// collection operators (Select, SelectMany, Where, Any, Count, Sum, Max, OrderBy, GroupBy,
/// Distinct, Zip...) nested up to three deep, string operations, ToString and format calls, date
/// members (ToLocalTime, LocalDateTime, AddDays...), arithmetic with division by zero. Each goes
/// into one rule of a copy of rules/. Loading never throws anything but a validation result, and
/// every expression that loads scores a busy lead (3,000 signals, a long tech stack) within the
/// evaluation budget or with an error on the card: never a hang, never an exception out of Score,
/// and the same card twice.
/// </summary>
public sealed class RuleExpressionFuzzTests(ITestOutputHelper output)
{
    /// <summary>Well past anything the budget allows (2 s of walking): longer is a hang.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static readonly string[] Files = ["fit.json", "intent.json", "behavior.json"];

    [Fact]
    public void RuleExpressions_WithCollectionStringDateAndFormatOperators_LoadAsAResultAndScoreABusyLeadWithinTheBudget()
    {
        using var folder = new RulesCopy();
        var originals = Files.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(folder.Directory, f)));
        var busy = BusyLead();
        var tally = new Tally();
        var run = new FuzzRun("rule expressions", 25, output);
        run.Run(c =>
        {
            var file = Mutate.Pick(c.Random, Files);
            var workflow = JsonNode.Parse(originals[file])!;
            var rules = workflow["Rules"]!.AsArray();
            var rule = rules[c.Random.Next(rules.Count)]!;
            // Three levels of operators pass the guard (two nested); four do not.
            var expression = new ExpressionGenerator(c.Random).Bool(c.Random.Next(5) == 0 ? 4 : 3);
            rule["Expression"] = expression;
            c.Input = $"{file} {rule["RuleName"]}: {expression}";
            foreach (var f in Files)
            {
                File.WriteAllText(Path.Combine(folder.Directory, f), f == file ? workflow.ToJsonString() : originals[f]);
            }

            var result = RuleSetLoader.Validate(folder.Directory);
            if (result.RuleSet is not { } ruleSet)
            {
                ExplainedRejection(result.Problems);
                tally.Refused++;
                return FuzzOutcome.Rejected;
            }

            LeadScorer scorer;
            try
            {
                scorer = new LeadScorer(ruleSet);
            }
            catch (RuleSetException ex)
            {
                // Fails on an empty lead, or spends the budget on validate's own busy lead: refused before it ships.
                ExplainedRejection(ex.Problems);
                tally.RefusedAtWarmUp++;
                if (ex.Problems.Any(p => EvaluationBudget.IsBudgetError(p.Message)))
                {
                    tally.RefusedForBudget++;
                }

                return FuzzOutcome.Rejected;
            }

            var (card, elapsed, allocated) = ScoreWithPatience(scorer, busy);
            var errors = card.Errors;
            var overBudget = errors.Any(EvaluationBudget.IsBudgetError);
            Check.That(card.Composite is >= 0 and <= 100, $"composite {card.Composite} is within 0-100");
            Check.That(errors.All(e => e.Contains(": ", StringComparison.Ordinal) && !e.Contains("   at ", StringComparison.Ordinal)),
                $"every error names its rule, no stack trace: {string.Join(" | ", errors)}");
            Check.That(overBudget || elapsed < TimeSpan.FromSeconds(10),
                $"scoring took {elapsed.TotalSeconds:0.0} s without a budget error");
            Check.That(overBudget || allocated < 2 * EvaluationBudget.MaxAllocatedBytes,
                $"scoring allocated {allocated / (1024 * 1024):N0} MB without a budget error");
            // Steps are counted, not timed: a card stopped by them is the same card every time.
            if (!errors.Any(e => e.Contains("ran longer than", StringComparison.Ordinal) || e.Contains("allocated more than", StringComparison.Ordinal)))
            {
                var again = ScoreWithPatience(scorer, busy).Card;
                Check.That(ScoreCardJson.Serialize(again) == ScoreCardJson.Serialize(card), "the same lead scores the same card twice");
            }

            tally.Loaded++;
            if (overBudget)
            {
                tally.BudgetErrors++;
            }
            else if (errors.Count > 0)
            {
                tally.OtherErrors++;
            }

            tally.Slowest = elapsed > tally.Slowest ? elapsed : tally.Slowest;
            return FuzzOutcome.Accepted;
        });

        var summary = string.Create(CultureInfo.InvariantCulture,
            $"fuzz rule expressions, by outcome: {tally.Refused} refused at load, {tally.RefusedAtWarmUp} refused by the scorer's warm-up ({tally.RefusedForBudget} for the budget), {tally.Loaded} loaded and scored the busy lead: {tally.BudgetErrors} with a budget error on the card, {tally.OtherErrors} with another rule error, {tally.Loaded - tally.BudgetErrors - tally.OtherErrors} clean; slowest score {tally.Slowest.TotalMilliseconds:N0} ms");
        output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("FUZZ_REPORT") is { Length: > 0 } report)
        {
            File.AppendAllText(report, summary + Environment.NewLine);
        }
    }

    private static void ExplainedRejection(IReadOnlyList<RuleProblem> problems)
    {
        Check.That(problems.Any(p => p.Severity == RuleProblemSeverity.Error), "a refused expression lists at least one error");
        foreach (var problem in problems)
        {
            Check.That(!string.IsNullOrWhiteSpace(problem.Message) && !problem.Message.Contains("   at ", StringComparison.Ordinal), $"a problem says what is wrong, without a stack trace: {problem}");
            Check.That(problem.File.EndsWith(".json", StringComparison.Ordinal) || problem.File.EndsWith(".md", StringComparison.Ordinal) || Path.IsPathRooted(problem.File),
                $"a problem names its file: {problem}");
        }
    }

    private static (ScoreCard Card, TimeSpan Elapsed, long Allocated) ScoreWithPatience(LeadScorer scorer, Lead lead)
    {
        var scoring = Task.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            var card = scorer.Score(lead, BusyAsOf);
            return (card, clock.Elapsed, GC.GetAllocatedBytesForCurrentThread() - before);
        });
        Check.That(scoring.Wait(Patience), $"Score did not return within {Patience.TotalSeconds:N0} s");
        return scoring.Result;
    }

    private static readonly DateTimeOffset BusyAsOf = FixedClock.Now;

    /// <summary>Busier than validate's worst-case lead (2,000 signals): 3,000 signals of every catalogue type, topics, values, a long tech stack.</summary>
    private static Lead BusyLead()
    {
        var types = RuleSetLoader.Load(Repo.Rules).SignalCatalogue.Keys.Order(StringComparer.Ordinal).ToArray();
        var signals = Enumerable.Range(0, 3000).Select(i => new Signal(types[i % types.Length], BusyAsOf.AddHours(-(i * 5.3)),
            $"e{i}", $"topic-{i % 40}", i % 97, i % 2 == 0 ? "web" : "crm"));
        var tech = string.Join(';', Enumerable.Range(0, 150).Select(i => "tool-" + i.ToString(CultureInfo.InvariantCulture)).Append("Salesforce"));
        return Lead.Create("L-busy", [new("tech_stack", tech), new("employees", "800"), new("email", "cto@example.com"), new("title", "CTO"), new("company", "Busy Co")], signals);
    }

    private sealed class Tally
    {
        public int Refused { get; set; }
        public int RefusedAtWarmUp { get; set; }
        public int RefusedForBudget { get; set; }
        public int Loaded { get; set; }
        public int BudgetErrors { get; set; }
        public int OtherErrors { get; set; }
        public TimeSpan Slowest { get; set; }
    }

    /// <summary>
    /// Random, mostly well-typed rule expressions: a boolean at the top, numbers, strings and
    /// collections below, lambdas over the lead's signals and tech stack whose bodies may reach the
    /// outer lambda's element (that is how a rule becomes quadratic).
    /// </summary>
    private sealed class ExpressionGenerator(Random r)
    {
        private static readonly string[] Types = ["pricing_view", "demo_request", "webinar_attended", "feature_used", "no_such_type"];
        private static readonly string[] Lists = ["partner_tech", "target_industries", "free_mail_domains", "no_such_list"];
        private static readonly string[] Literals = ["0", "1", "-1", "3", "100000", "2147483647", "0.5", "1e308", "-0.0"];
        private static readonly string[] Formats = ["\"F2\"", "\"N0\"", "\"o\"", "\"D999999999\"", "\"F99999\"", "\"yyyy\""];

        private readonly List<(string Name, bool Signal)> _scope = [];
        private int _names;

        public string Bool(int depth)
        {
            var elements = _scope.Where(e => e.Signal).Select(e => e.Name).ToArray();
            if (depth <= 0 && elements.Length > 0 && r.Next(3) != 0)
            {
                // Two signals in scope compared: the shape of a rule whose work is the square of the lead's signals.
                var member = Pick(["Value", "Type", "Topic", "AgeDays", "OccurredAt"]);
                return $"{Pick(elements)}.{member} {Pick(["==", "!="])} {Pick(elements)}.{member}";
            }

            if (depth <= 0)
            {
                return r.Next(4) switch
                {
                    0 => $"signals.Any(\"{Pick(Types)}\")",
                    1 => "lead.HasTech(\"Salesforce\")",
                    2 => $"{Num(0)} {Pick(["==", "!=", ">", ">=", "<", "<="])} {Num(0)}",
                    _ => Pick(["true", "false"]),
                };
            }

            return r.Next(14) switch
            {
                12 or 13 => NestedCount(depth),
                0 or 1 => $"{Num(depth - 1)} {Pick(["==", "!=", ">", ">=", "<", "<="])} {Num(depth - 1)}",
                2 => $"{Str(depth - 1)}.{Pick(["Contains", "StartsWith", "EndsWith"])}(\"{Pick(["a", "", "topic-1", "CTO"])}\")",
                3 => $"{Str(depth - 1)} == {Str(depth - 1)}",
                4 or 5 => Lambda(depth, r.Next(2) == 0 ? "Any" : "All", inner => Bool(inner)),
                6 => $"({Bool(depth - 1)} {Pick(["&&", "||", "and", "or"])} {Bool(depth - 1)})",
                7 => $"!({Bool(depth - 1)})",
                8 => $"lists.Contains(\"{Pick(Lists)}\", {Str(depth - 1)})",
                9 => $"signals.Any(\"{Pick(Types)}\", {Pick(["7", "30", "-1", "0"])})",
                10 => $"{Collection(depth - 1, out _)}.Any()",
                _ => Bool(0),
            };
        }

        /// <summary>An operator whose lambda counts over a collection again: quadratic once the count's condition reaches the outer element.</summary>
        private string NestedCount(int depth)
        {
            var op = Pick(["Any", "All", "Where"]);
            var nested = Lambda(depth, op, inner => $"{Lambda(inner, "Count", deeper => Bool(deeper))} {Pick([">", "==", "<="])} {Pick(["0", "100000", "3"])}");
            return op == "Where" ? nested + ".Any()" : nested;
        }

        public string Num(int depth)
        {
            if (depth <= 0)
            {
                var element = Element(signal: true).Name;
                return r.Next(6) switch
                {
                    0 when element is not null => $"{element}.{Pick(["AgeDays", "Value", "OccurredAt.Day", "OccurredAt.Offset.TotalHours", "OccurredAt.Year"])}",
                    1 => Pick(["(lead.Employees ?? 0)", "lead.TechStack.Count", "signals.Events.Count", "(lead.Number(\"score\") ?? 0)"]),
                    2 => $"signals.Count(\"{Pick(Types)}\")",
                    _ => Pick(Literals),
                };
            }

            return r.Next(16) switch
            {
                0 => $"({Num(depth - 1)} {Pick(["+", "-", "*", "/", "%"])} {Num(depth - 1)})",
                1 => $"({Num(depth - 1)} / 0)",
                2 => Lambda(depth, "Count", inner => Bool(inner)),
                3 => LambdaOver(depth, signal: true, Pick(["Sum", "Max", "Min", "Average"]), inner => Num(inner)),
                4 => $"{Collection(depth - 1, out _)}.Count()",
                5 => $"{Collection(depth - 1, out var signal)}.Select({Name(out var v)} => {Scoped(v, signal, () => Str(depth - 1))}).Distinct().Count()",
                6 => $"signals.Events.GroupBy({Name(out var g)} => {Scoped(g, true, () => Pick([$"{g}.Type", $"{g}.Topic", $"{g}.AgeDays / 7"]))}).Count()",
                7 => $"signals.Events.OrderBy({Name(out var o)} => {Scoped(o, true, () => Num(depth - 1))}).{Pick(["First()", "Last()", "FirstOrDefault()"])}.{Pick(["Value", "AgeDays"])}",
                8 => $"signals.Events.SelectMany({Name(out var m)} => {Scoped(m, true, () => Pick(["lead.TechStack", "signals.Events", $"signals.Events.Where(z => z.Type == {m}.Type)"]))}).Count()",
                9 => $"signals.Events.Zip({Pick(["lead.TechStack", "signals.Events", "signals.Events.Skip(1)"])}, (za, zb) => za.AgeDays).Sum()",
                10 => $"Math.{Pick(["Abs", "Sqrt", "Floor", "Log"])}({Num(depth - 1)})",
                11 => $"Math.{Pick(["Max", "Min", "Pow"])}({Num(depth - 1)}, {Num(depth - 1)})",
                12 => $"{Str(depth - 1)}.{Pick(["Length", "IndexOf(\"-\")", "CompareTo(\"m\")"])}",
                13 => $"signals.{Pick(["MaxValue", "DistinctTopics"])}(\"{Pick(Types)}\", {Pick(["30", "365", "-5"])})",
                14 => $"(signals.DaysSinceLast(\"{Pick(Types)}\") ?? -1)",
                _ => Num(0),
            };
        }

        public string Str(int depth)
        {
            var element = Element(signal: r.Next(2) == 0);
            if (depth <= 0)
            {
                return element switch
                {
                    ({ } name, true) when r.Next(2) == 0 => $"{name}.{Pick(["Type", "Topic", "Source"])}",
                    ({ } name, false) when r.Next(2) == 0 => name,
                    _ => Pick(["lead.Company", "lead.Email", "lead.EmailDomain", "lead.Title", "lead.Attr(\"x\")", "\"\"", "\"CTO\""]),
                };
            }

            return r.Next(10) switch
            {
                0 => $"{Str(depth - 1)}.{Pick(["ToLower()", "ToUpperInvariant()", "Trim()", "Substring(1)", "Substring(0, 2)"])}",
                1 => $"({Str(depth - 1)} + {Str(depth - 1)})",
                2 => $"{Num(depth - 1)}.ToString()",
                3 => $"{Num(depth - 1)}.ToString({Pick(Formats)})",
                4 => $"{DateOf(depth)}.ToString({Pick(["", "\"o\"", "\"yyyy-MM-dd\""])})",
                5 => $"string.Concat({Str(depth - 1)}, {Str(depth - 1)})",
                6 => $"iif({Bool(depth - 1)}, {Str(depth - 1)}, {Str(depth - 1)})",
                7 => $"{DateOf(depth)}.{Pick(["DayOfWeek.ToString()", "Year.ToString()", "Hour.ToString()"])}",
                8 => $"string.Join(\",\", lead.TechStack)",
                _ => Str(0),
            };
        }

        /// <summary>A date reached from a signal, through the members that move it (some of them read the machine's zone).</summary>
        private string DateOf(int depth)
        {
            var at = Element(signal: true) is ({ } e, true) ? $"{e}.OccurredAt" : "signals.Events.First().OccurredAt";
            return r.Next(7) switch
            {
                0 => $"{at}.ToLocalTime()",
                1 => $"{at}.LocalDateTime",
                2 => $"{at}.AddDays({Num(depth - 1)})",
                3 => $"{at}.UtcDateTime.AddHours(5)",
                4 => $"{at}.ToUniversalTime()",
                5 => $"{at}.AddMonths(1).Date",
                _ => at,
            };
        }

        /// <summary>A collection of signals (true) or strings (false).</summary>
        private string Collection(int depth, out bool signal)
        {
            signal = r.Next(3) != 0;
            if (!signal)
            {
                return Pick(["lead.TechStack", "lead.TechStack.Distinct()", "signals.Events.Select(q => q.Topic)"]);
            }

            return r.Next(6) switch
            {
                0 when depth > 0 => $"signals.Events.Where({Name(out var w)} => {Scoped(w, true, () => Bool(depth - 1))})",
                1 => $"signals.Events.OrderBy(q => q.AgeDays).Take({Pick(["10", "0", "-1", "100000"])})",
                2 => "signals.Events.Skip(5)",
                3 when depth > 0 => $"signals.Events.OrderByDescending({Name(out var d)} => {Scoped(d, true, () => Num(depth - 1))})",
                _ => "signals.Events",
            };
        }

        private string Lambda(int depth, string op, Func<int, string> body)
        {
            var over = Collection(depth - 1, out var signal);
            return $"{over}.{op}({Name(out var v)} => {Scoped(v, signal, () => body(depth - 1))})";
        }

        private string LambdaOver(int depth, bool signal, string op, Func<int, string> body) =>
            $"signals.Events.{op}({Name(out var v)} => {Scoped(v, signal, () => body(depth - 1))})";

        private string Name(out string name)
        {
            name = "v" + (++_names).ToString(CultureInfo.InvariantCulture);
            return name;
        }

        private string Scoped(string name, bool signal, Func<string> body)
        {
            _scope.Add((name, signal));
            try
            {
                return body();
            }
            finally
            {
                _scope.RemoveAt(_scope.Count - 1);
            }
        }

        /// <summary>A lambda variable in scope, preferring the requested kind; null outside any lambda.</summary>
        private (string? Name, bool Signal) Element(bool signal)
        {
            var fits = _scope.Where(s => s.Signal == signal).ToList();
            if (fits.Count > 0 && r.Next(4) != 0)
            {
                var (name, kind) = fits[r.Next(fits.Count)];
                return (name, kind);
            }

            return (null, signal);
        }

        private string Pick(string[] options) => options[r.Next(options.Length)];
    }
}
