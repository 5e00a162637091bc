using System.Linq.Expressions;
using RuleScoring.Core.Leads;
using RulesEngine.ExpressionBuilders;

namespace RuleScoring.Core.Rules;

/// <summary>
/// Signal types in model.json's catalogue that no rule reads, in its expression or as evidence
/// (directly or through a group). Importing them is harmless but they change no score, which is
/// rarely what the person who added them meant.
/// </summary>
internal static class UnusedSignals
{
    /// <param name="typeLine">The line of a signal type in model.json.</param>
    public static List<RuleProblem> Check(
        IEnumerable<string> catalogue,
        IReadOnlyDictionary<string, string[]> groups,
        IEnumerable<ScoringRule> rules,
        Func<string, int?> typeLine)
    {
        var parser = new RuleExpressionParser(EngineSettings.Create(useFastExpressionCompiler: false));
        ParameterExpression[] parameters =
            [Expression.Parameter(typeof(LeadFacts), "lead"), Expression.Parameter(typeof(SignalSet), "signals"), Expression.Parameter(typeof(ModelLists), "lists")];
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            named.UnionWith(rule.Evidence);
            try
            {
                named.UnionWith(StringConstants.In(parser.Parse(rule.Expression, parameters, typeof(bool))));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Reported by the loader; an unparsable rule reads nothing.
            }
        }

        // Any string literal counts (e.g. s.Type == "pricing_view" over signals.Events), not only helper arguments: a false "unused" is worse than a missed one.
        var used = new HashSet<string>(named, StringComparer.Ordinal);
        foreach (var (group, types) in groups)
        {
            if (named.Contains(group))
            {
                used.UnionWith(types);
            }
        }

        return catalogue
            .Where(type => !used.Contains(type))
            .Select(type => new RuleProblem(RuleProblemSeverity.Warning, RuleSetLoader.ModelFile, typeLine(type), null,
                $"signal type '{type}' is in the catalogue but no rule reads it (in an expression or as evidence): it changes no score"))
            .ToList();
    }

    private sealed class StringConstants : ExpressionVisitor
    {
        private readonly List<string> _values = [];

        public static IReadOnlyList<string> In(Expression expression)
        {
            var visitor = new StringConstants();
            visitor.Visit(expression);
            return visitor._values;
        }

        protected override Expression VisitConstant(ConstantExpression node)
        {
            if (node.Value is string value)
            {
                _values.Add(value);
            }

            return base.VisitConstant(node);
        }
    }
}
