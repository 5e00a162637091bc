using System.Globalization;
using System.Linq.Expressions;
using RuleScoring.Core.Tiers;
using RulesEngine.ExpressionBuilders;

namespace RuleScoring.Core.Rules;

/// <summary>
/// Checks tiers.json as a whole, which no single rule can show: whether every card gets a tier,
/// whether a rule can ever win against the rules above it, and whether <c>card.HasReason("x")</c>
/// names a rule that exists. Tier expressions are arbitrary, so rather than reason about them
/// symbolically we evaluate them on a grid of cards: fit, intent and behavior 0-100 in steps of
/// <see cref="Step"/>, disqualified or not, under every motion (and, when a tier rule asks
/// about reasons, with none and with all of them). A gap or a dead rule on that grid is real;
/// one finer than the grid is not seen, hence warnings and an example card.
/// </summary>
internal static class TierCoverage
{
    public const int Step = 5;

    // Which rules hold on a card is a 64-bit mask; a tiers.json longer than that is not a model
    // anyone reads, and sampling only part of it would report gaps that are not there.
    private const int MaxSampledRules = 64;

    /// <param name="ruleLine">The line of a tier rule in tiers.json.</param>
    public static List<RuleProblem> Check(
        IReadOnlyList<TierRule> rules,
        IReadOnlyDictionary<string, Dictionary<string, decimal>> motions,
        IReadOnlyDictionary<string, decimal> caps,
        IReadOnlySet<string> reasonCodes,
        Func<string, int?> ruleLine)
    {
        var problems = new List<RuleProblem>();
        void Warn(string? rule, string message) =>
            problems.Add(new RuleProblem(RuleProblemSeverity.Warning, RuleSetLoader.TiersFile, rule is null ? null : ruleLine(rule), rule, message));

        var parser = new RuleExpressionParser(EngineSettings.Create(useFastExpressionCompiler: false));
        var card = Expression.Parameter(typeof(TierFacts), "card");
        var compiled = new List<(TierRule Rule, Func<TierFacts, bool> Holds)>();
        var asked = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            Expression body;
            try
            {
                body = parser.Parse(rule.Expression, [card], typeof(bool));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The loader has already reported it; nothing to sample.
                continue;
            }

            foreach (var code in ReasonCodesAsked.In(body))
            {
                asked.Add(code);
                if (!reasonCodes.Contains(code))
                {
                    problems.Add(new RuleProblem(RuleProblemSeverity.Error, RuleSetLoader.TiersFile, ruleLine(rule.Name), rule.Name,
                        $"card.HasReason(\"{code}\") can never be true: no enabled rule in fit.json, intent.json or behavior.json is named {code}"));
                }
            }

            compiled.Add((rule, Expression.Lambda<Func<TierFacts, bool>>(body, card).Compile()));
        }

        if (compiled.Count == 0 || compiled.Count > MaxSampledRules || compiled.Count < rules.Count)
        {
            return problems;
        }

        var n = compiled.Count;
        var holdsSomewhere = new bool[n];
        var wins = new bool[n];
        // For each rule, the rules above it that held on every card it held on; and which of them won there.
        var alwaysAbove = Enumerable.Repeat(ulong.MaxValue, n).ToArray();
        var winnersAbove = new ulong[n];
        var failures = new (TierFacts Card, string Message)?[n];
        TierFacts? unassigned = null;
        var unassignedCount = 0;
        var sampled = 0;
        foreach (var facts in Grid(motions, caps, asked))
        {
            sampled++;
            ulong held = 0;
            for (var i = 0; i < n; i++)
            {
                bool holds;
                try
                {
                    holds = compiled[i].Holds(facts);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    failures[i] ??= (facts, ex.Message);
                    holds = false;
                }

                if (holds)
                {
                    held |= 1UL << i;
                }
            }

            if (held == 0)
            {
                unassignedCount++;
                unassigned ??= facts;
                continue;
            }

            var first = System.Numerics.BitOperations.TrailingZeroCount(held);
            wins[first] = true;
            for (var i = 0; i < n; i++)
            {
                if ((held & (1UL << i)) != 0)
                {
                    holdsSomewhere[i] = true;
                    alwaysAbove[i] &= held & ((1UL << i) - 1);
                    winnersAbove[i] |= 1UL << first;
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            var name = compiled[i].Rule.Name;
            if (failures[i] is { } failure)
            {
                Warn(name, $"{name} fails on some cards, e.g. {Describe(failure.Card)}: {failure.Message}");
            }

            if (!holdsSomewhere[i])
            {
                Warn(name, $"{name} never matches: no sampled card satisfies it ({GridText})");
            }
            else if (!wins[i] && alwaysAbove[i] != 0)
            {
                var above = compiled[System.Numerics.BitOperations.TrailingZeroCount(alwaysAbove[i])].Rule.Name;
                Warn(name, $"{name} never matches: {above} above it takes every card it would take");
            }
            else if (!wins[i])
            {
                var above = Enumerable.Range(0, i).Where(j => (winnersAbove[i] & (1UL << j)) != 0).Select(j => compiled[j].Rule.Name);
                Warn(name, $"{name} never matches: the rules above it ({string.Join(", ", above)}) take every card it would take");
            }
        }

        if (unassigned is not null)
        {
            Warn(null, $"some cards get no tier ({unassignedCount.ToString("N0", CultureInfo.InvariantCulture)} of {sampled.ToString("N0", CultureInfo.InvariantCulture)} sampled), "
                + $"e.g. {Describe(unassigned)}; end tiers.json with a catch-all rule (\"Expression\": \"true\")");
        }

        return problems;
    }

    private static string GridText => $"sampled fit, intent and behavior 0-100 in steps of {Step}, disqualified or not, every motion";

    private static IEnumerable<TierFacts> Grid(IReadOnlyDictionary<string, Dictionary<string, decimal>> motions, IReadOnlyDictionary<string, decimal> caps,
        IReadOnlyCollection<string> askedReasons)
    {
        IReadOnlyCollection<string>[] reasonSets = askedReasons.Count == 0 ? [Array.Empty<string>()] : [Array.Empty<string>(), askedReasons.ToHashSet(StringComparer.Ordinal)];
        decimal Cap(string dimension) => caps.TryGetValue(dimension, out var cap) ? cap : 100;
        foreach (var (motion, weights) in motions.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            decimal Weight(string dimension) => weights.TryGetValue(dimension, out var w) ? w : 0;
            foreach (var disqualified in new[] { false, true })
            {
                foreach (var reasons in reasonSets)
                {
                    for (var fit = 0; fit <= 100; fit += Step)
                    {
                        for (var intent = 0; intent <= 100; intent += Step)
                        {
                            for (var behavior = 0; behavior <= 100; behavior += Step)
                            {
                                // The composite exactly as LeadScorer computes it.
                                var composite = Math.Round((fit * Weight("fit") + intent * Weight("intent") + behavior * Weight("behavior")) / 100, 1, MidpointRounding.AwayFromZero);
                                yield return new TierFacts(fit, intent, behavior,
                                    (double)(fit * Cap("fit") / 100), (double)(intent * Cap("intent") / 100), (double)(behavior * Cap("behavior") / 100),
                                    (double)composite, disqualified, motion, reasons);
                            }
                        }
                    }
                }
            }
        }
    }

    private static string Describe(TierFacts card)
    {
        static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        return $"fit {N(card.Fit)}, intent {N(card.Intent)}, behavior {N(card.Behavior)} (composite {N(card.Composite)}, motion {card.Motion}), "
            + (card.Disqualified ? "disqualified" : "not disqualified");
    }

    /// <summary>The constant codes a tier expression passes to <c>card.HasReason</c>.</summary>
    private sealed class ReasonCodesAsked : ExpressionVisitor
    {
        private readonly List<string> _codes = [];

        public static IReadOnlyList<string> In(Expression expression)
        {
            var visitor = new ReasonCodesAsked();
            visitor.Visit(expression);
            return visitor._codes;
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType == typeof(TierFacts) && node.Method.Name == nameof(TierFacts.HasReason)
                && node.Arguments is [ConstantExpression { Value: string code }])
            {
                _codes.Add(code);
            }

            return base.VisitMethodCall(node);
        }
    }
}
