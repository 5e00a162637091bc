using System.Linq.Expressions;
using FastExpressionCompiler;
using RulesEngine.ExpressionBuilders;
using RulesEngine.Models;

namespace RuleScoring.Core.Scoring;

/// <summary>
/// One RulesEngine workflow compiled once into typed delegates, each rule parsed by RulesEngine's
/// own <see cref="RuleExpressionParser"/> with the engine's settings and the parameters the engine
/// gets (so the same expression tree the loader guarded), then called directly. What
/// <c>ExecuteAllRulesAsync</c> did per lead around the call (an inputs dictionary, a result tree
/// and an action result per rule; a sorted parameter copy and cache keys per call) is left out;
/// what it decided is kept: disabled rules skipped, rule order, and an exception is that rule's
/// error in the engine's own words, while the rules after it still run.
/// </summary>
/// <typeparam name="TDelegate">The rule's signature: its parameters in order, returning bool.</typeparam>
internal sealed class CompiledWorkflow<TDelegate>
    where TDelegate : Delegate
{
    private readonly CompiledRule[] _rules;

    public CompiledWorkflow(Workflow workflow, ReSettings settings, params ParameterExpression[] parameters)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(settings);

        // The only way the engine reports a failing rule here: as its ExceptionMessage (see EngineSettings).
        if (!settings.EnableExceptionAsErrorMessage || settings.IgnoreException || settings.EnableScopedParams)
        {
            throw new ArgumentException("compiled rules report exceptions as messages, never ignore them, and take no scoped params", nameof(settings));
        }

        var parser = new RuleExpressionParser(settings);
        _rules = workflow.Rules.Select((r, position) => (r, position)).Where(x => x.r.Enabled)
            .Select(x => Compile(x.r, x.position, parser, settings, parameters)).ToArray();
    }

    /// <summary>
    /// Runs every rule in order and adds the outcome of each that fired or failed, as
    /// <c>ExecuteAllRulesAsync</c> reports it (a rule that did not fire says nothing, so it is not
    /// added: most rules do not fire on a lead). <paramref name="invoke"/> calls one rule with
    /// <paramref name="inputs"/> (a static lambda: nothing is allocated per lead for it).
    /// </summary>
    public void Evaluate<TInputs>(in TInputs inputs, Func<TDelegate, TInputs, bool> invoke, List<RuleOutcome> outcomes)
    {
        foreach (var rule in _rules)
        {
            if (rule.Predicate is not { } predicate)
            {
                outcomes.Add(new RuleOutcome(rule.Name, false, rule.ParseError, rule.Position));
                continue;
            }

            bool fired;
            try
            {
                fired = invoke(predicate, inputs);
            }
            catch (Exception ex)
            {
                // The engine catches every exception a rule throws (the evaluation budget's included) and goes on.
                outcomes.Add(new RuleOutcome(rule.Name, false, $"Error while executing rule : {rule.Name} - {ex.Message}", rule.Position));
                continue;
            }

            if (fired)
            {
                outcomes.Add(new RuleOutcome(rule.Name, true, null, rule.Position));
            }
        }
    }

    /// <summary>The same, into a new list (for callers without a list of their own to reuse).</summary>
    public List<RuleOutcome> Evaluate<TInputs>(in TInputs inputs, Func<TDelegate, TInputs, bool> invoke)
    {
        var outcomes = new List<RuleOutcome>();
        Evaluate(inputs, invoke, outcomes);
        return outcomes;
    }

    private static CompiledRule Compile(Rule rule, int position, RuleExpressionParser parser, ReSettings settings, ParameterExpression[] parameters)
    {
        try
        {
            var body = parser.Parse(rule.Expression, parameters, typeof(bool));
            var lambda = Expression.Lambda<TDelegate>(body, parameters);
            return new CompiledRule(rule.RuleName, position, settings.UseFastExpressionCompiler ? lambda.CompileFast() : lambda.Compile(), null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The engine compiles lazily and reports a rule that does not parse on every lead, in these words.
            return new CompiledRule(rule.RuleName, position, null, $"Exception while parsing expression `{rule.Expression}` - {ex.Message}");
        }
    }

    private sealed record CompiledRule(string Name, int Position, TDelegate? Predicate, string? ParseError);
}
