using System.Linq.Expressions;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Reasons;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Tiers;
using RulesEngine.Models;

namespace RuleScoring.Core.Scoring;

/// <summary>
/// Scores leads under one <see cref="RuleSet"/>: its RulesEngine workflows compiled once, when the
/// scorer is made, into typed delegates (<see cref="LeadScorerMode.Compiled"/>), or run through a
/// shared, warmed RulesEngine instance per lead (<see cref="LeadScorerMode.Reference"/>, the same
/// cards, byte for byte, at about half the speed). Thread-safe: score from as many threads as you
/// like. Pure: the card depends only on the lead, its signals, the rules and the as-of time.
/// </summary>
public sealed class LeadScorer
{
    // The three dimension files run as one engine workflow: one ExecuteAllRulesAsync call per
    // lead instead of three (each call has a fixed cost of its own). Rule names are unique
    // across files (the loader checks), so a result maps straight back to its rule.
    private const string ScoringWorkflow = "scoring";
    private const string TierWorkflow = "tiers";
    // Reference mode runs the engine; compiled mode the two workflows' delegates. One or the other is null.
    private readonly RulesEngine.RulesEngine? _engine;
    private readonly CompiledWorkflow<Func<LeadFacts, SignalSet, ModelLists, bool>>? _scoring;
    private readonly CompiledWorkflow<Func<TierFacts, bool>>? _tiers;
    private readonly Dictionary<string, ScoringRule> _rules;
    private readonly Dictionary<string, int> _dimensionIndex;
    private readonly Dictionary<string, int> _tierOrder;

    public LeadScorer(RuleSet ruleSet, LeadScorerMode mode)
        : this(ruleSet, useFastExpressionCompiler: false, mode)
    {
    }

    public LeadScorer(RuleSet ruleSet, bool useFastExpressionCompiler = false, LeadScorerMode mode = LeadScorerMode.Compiled)
    {
        ArgumentNullException.ThrowIfNull(ruleSet);
        RuleSet = ruleSet;
        Mode = mode;
        var scoring = new Workflow
        {
            WorkflowName = ScoringWorkflow,
            Rules = ruleSet.Dimensions.SelectMany(d => ruleSet.Workflows.Single(w => w.WorkflowName == d.Name).Rules).ToArray(),
        };
        var tiers = ruleSet.Workflows.Single(w => w.WorkflowName == TierWorkflow);
        var settings = EngineSettings.Create(useFastExpressionCompiler);
        if (mode == LeadScorerMode.Reference)
        {
            _engine = new RulesEngine.RulesEngine([scoring, tiers], settings);
        }
        else
        {
            // The parameters ExecuteAllRulesAsync is given (see Score and AssignTier): same names, same types.
            _scoring = new CompiledWorkflow<Func<LeadFacts, SignalSet, ModelLists, bool>>(scoring, settings,
                Expression.Parameter(typeof(LeadFacts), "lead"), Expression.Parameter(typeof(SignalSet), "signals"), Expression.Parameter(typeof(ModelLists), "lists"));
            _tiers = new CompiledWorkflow<Func<TierFacts, bool>>(tiers, settings, Expression.Parameter(typeof(TierFacts), "card"));
        }

        _rules = ruleSet.ScoringRules.ToDictionary(r => r.Name, StringComparer.Ordinal);
        _dimensionIndex = ruleSet.Dimensions.Select((d, i) => (d.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        _tierOrder = ruleSet.TierRules.Select((r, i) => (r.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);

        // Compile every workflow now, so the first real lead does not pay for it and a
        // rule that cannot compile fails here rather than mid-batch.
        var warmUp = Score(Lead.Create("warm-up"), DateTimeOffset.UnixEpoch);
        if (warmUp.Errors.Count > 0)
        {
            throw new RuleSetException(ruleSet.Directory, warmUp.Errors.Select(e => WarmUpProblem(ruleSet, e)).ToArray());
        }

        // A rule that multiplies its work per lead is refused here, before it ships, rather than
        // found on the first busy lead in production.
        var busiest = Score(WorstCaseLead.For(ruleSet), WorstCaseLead.AsOf);
        var overBudget = busiest.Errors.Where(EvaluationBudget.IsBudgetError).ToArray();
        if (overBudget.Length > 0)
        {
            throw new RuleSetException(ruleSet.Directory, overBudget.Take(1).Select(e => BudgetProblem(ruleSet, e)).ToArray());
        }
    }

    public RuleSet RuleSet { get; }

    public LeadScorerMode Mode { get; }

    /// <summary>An error on the warm-up lead (no data at all), placed at its rule and file so validate can say what to edit.</summary>
    private static RuleProblem WarmUpProblem(RuleSet ruleSet, string error)
    {
        var (name, file, message) = RuleOf(ruleSet, error);
        if (file is null && ruleSet.TierRules.All(t => t.Name != name))
        {
            return new RuleProblem(RuleProblemSeverity.Error, RuleSetLoader.TiersFile, null, null, "a lead with no data at all: " + error);
        }

        return new RuleProblem(RuleProblemSeverity.Error, file ?? RuleSetLoader.TiersFile, null, name, "fails on a lead with no data at all: " + message);
    }

    /// <summary>The first rule that spent the worst-case lead's budget (later ones only found it spent).</summary>
    private static RuleProblem BudgetProblem(RuleSet ruleSet, string error)
    {
        var (name, file, _) = RuleOf(ruleSet, error);
        var detail = error[error.IndexOf("exceeded the evaluation budget", StringComparison.Ordinal)..];
        return new RuleProblem(RuleProblemSeverity.Error, file ?? RuleSetLoader.TiersFile, null, name.Length > 0 ? name : null,
            $"on a busy lead ({WorstCaseLead.Signals:N0} signals of every catalogue type) the rule {detail}");
    }

    /// <summary>A card error read back: errors read "rule: message" (see Score); the scoring rule's file, or null for a tier rule or none.</summary>
    private static (string Name, string? File, string Message) RuleOf(RuleSet ruleSet, string error)
    {
        var colon = error.IndexOf(": ", StringComparison.Ordinal);
        var name = colon > 0 ? error[..colon] : "";
        return (name, ruleSet.ScoringRules.FirstOrDefault(r => r.Name == name)?.File, colon > 0 ? error[(colon + 2)..] : error);
    }

    /// <param name="motion">inbound, abm, plg...; null takes the lead's <c>motion</c> attribute, else the model's default.</param>
    public ScoreCard Score(Lead lead, DateTimeOffset asOf, string? motion = null)
    {
        ArgumentNullException.ThrowIfNull(lead);
        using var budget = EvaluationBudget.Begin();
        var resolvedMotion = ResolveMotion(lead, motion);
        var weights = RuleSet.Motions[resolvedMotion];
        var facts = new LeadFacts(lead);
        var signals = SignalSet.Create(lead.Signals, asOf, RuleSet.SignalGroups);

        var reasons = new List<Reason>();
        var errors = new List<string>();
        var raws = new decimal[RuleSet.Dimensions.Count];
        DateTimeOffset? nextChange = null;
        foreach (var result in EvaluateScoring(facts, signals))
        {
            if (!string.IsNullOrEmpty(result.ExceptionMessage))
            {
                errors.Add($"{result.RuleName}: {result.ExceptionMessage}");
                continue;
            }

            if (!result.IsSuccess)
            {
                continue;
            }

            var rule = _rules[result.RuleName];
            var reason = Apply(rule, signals, ref nextChange);
            if (reason is not null)
            {
                reasons.Add(reason);
                raws[_dimensionIndex[rule.Dimension]] += reason.Points;
            }
        }

        var dimensions = new List<DimensionScore>(RuleSet.Dimensions.Count);
        for (var i = 0; i < RuleSet.Dimensions.Count; i++)
        {
            var dimension = RuleSet.Dimensions[i];
            var normalised = Math.Round(Math.Clamp(raws[i], 0, dimension.Cap) / dimension.Cap * 100, 1, MidpointRounding.AwayFromZero);
            dimensions.Add(new DimensionScore(dimension.Name, raws[i], normalised, dimension.Cap, weights[dimension.Name]));
        }

        var composite = Math.Round(dimensions.Sum(d => d.Score * d.Weight) / 100, 1, MidpointRounding.AwayFromZero);
        var disqualified = reasons.Any(r => r.Disqualifier);
        reasons.Sort(static (a, b) =>
        {
            var byImpact = Math.Abs(b.Points).CompareTo(Math.Abs(a.Points));
            return byImpact != 0 ? byImpact : string.CompareOrdinal(a.Code, b.Code);
        });

        var tier = AssignTier(dimensions, composite, disqualified, resolvedMotion, reasons, asOf, errors);
        return new ScoreCard(lead.LeadId, asOf, RuleSet.Identity, resolvedMotion, dimensions, composite, tier, disqualified, reasons, nextChange, errors);
    }

    private string ResolveMotion(Lead lead, string? motion)
    {
        if (motion is not null)
        {
            return RuleSet.Motions.ContainsKey(motion)
                ? motion
                : throw new ArgumentException($"unknown motion '{motion}'; the model defines {string.Join(", ", RuleSet.Motions.Keys)}", nameof(motion));
        }

        return lead.Attributes.TryGetValue("motion", out var fromLead) && RuleSet.Motions.ContainsKey(fromLead.Trim().ToLowerInvariant())
            ? fromLead.Trim().ToLowerInvariant()
            : RuleSet.DefaultMotion;
    }

    /// <summary>Turns a fired rule into points: decay by evidence age, per-event or per-topic counting, max.</summary>
    private static Reason? Apply(ScoringRule rule, SignalSet signals, ref DateTimeOffset? nextChange)
    {
        var evidence = rule.Evidence.Count > 0 ? signals.Evidence(rule.Evidence, rule.WindowDays) : [];
        var counted = rule.Counting switch
        {
            EvidenceCounting.PerEvent => evidence.Take(rule.Max!.Value).ToList(),
            EvidenceCounting.PerTopic => evidence.Where(e => e.Topic.Length > 0).DistinctBy(e => e.Topic).Take(rule.Max!.Value).ToList(),
            _ => evidence.Count > 0 ? [evidence[0]] : [],
        };

        if (rule.Counting != EvidenceCounting.Once && counted.Count == 0)
        {
            return null;
        }

        decimal points;
        decimal fullPoints;
        if (rule.Counting == EvidenceCounting.Once)
        {
            var multiplier = rule.Decay is not null && counted.Count > 0 ? rule.Decay.MultiplierAt(counted[0].AgeDays) : 1m;
            fullPoints = rule.Points;
            points = Math.Round(rule.Points * multiplier, 2, MidpointRounding.AwayFromZero);
        }
        else
        {
            fullPoints = rule.Points * counted.Count;
            points = 0;
            foreach (var e in counted)
            {
                points += Math.Round(rule.Points * (rule.Decay?.MultiplierAt(e.AgeDays) ?? 1m), 2, MidpointRounding.AwayFromZero);
            }
        }

        if (points == 0)
        {
            // Fully decayed: it no longer explains anything about the score.
            return null;
        }

        foreach (var e in counted)
        {
            TrackNextChange(rule, e, ref nextChange);
        }

        var ageDays = evidence.Count > 0 ? evidence[0].AgeDays : (int?)null;
        var count = rule.Counting == EvidenceCounting.Once ? evidence.Count : counted.Count;
        var topics = counted.Select(e => e.Topic).Where(t => t.Length > 0).Distinct().ToArray();
        var text = ReasonText.Format(rule.ReasonTemplate, count, ageDays, points, topics);
        return new Reason(rule.Name, rule.Dimension, points, fullPoints, Math.Round(points / fullPoints, 4, MidpointRounding.AwayFromZero),
            count, ageDays, text, rule.Disqualify);
    }

    private static void TrackNextChange(ScoringRule rule, SignalFact evidence, ref DateTimeOffset? nextChange)
    {
        int? changeAge = rule.Decay?.NextChangeAfter(evidence.AgeDays);
        if (rule.WindowDays is { } window && (changeAge is null || window + 1 < changeAge))
        {
            changeAge = window + 1;
        }

        if (changeAge is { } age)
        {
            var at = evidence.OccurredAt.AddDays(age);
            if (nextChange is null || at < nextChange)
            {
                nextChange = at;
            }
        }
    }

    private TierAssignment? AssignTier(List<DimensionScore> dimensions, decimal composite, bool disqualified, string motion,
        List<Reason> reasons, DateTimeOffset asOf, List<string> errors)
    {
        double Score(int i) => (double)dimensions[i].Score;
        double Raw(int i) => (double)dimensions[i].Raw;
        var card = new TierFacts(Score(0), Score(1), Score(2), Raw(0), Raw(1), Raw(2), (double)composite, disqualified, motion,
            reasons.Select(r => r.Code).ToHashSet(StringComparer.Ordinal));

        TierRule? first = null;
        // Every tier rule runs (an error in a later one is on the card too); the first in file order that fired wins.
        foreach (var result in EvaluateTiers(card))
        {
            if (!string.IsNullOrEmpty(result.ExceptionMessage))
            {
                errors.Add($"{result.RuleName}: {result.ExceptionMessage}");
            }
            else if (result.IsSuccess)
            {
                var rule = RuleSet.TierRules[_tierOrder[result.RuleName]];
                if (first is null || _tierOrder[rule.Name] < _tierOrder[first.Name])
                {
                    first = rule;
                }
            }
        }

        if (first is null)
        {
            errors.Add("no tier rule matched this card; end tiers.json with a catch-all rule");
            return null;
        }

        return new TierAssignment(first.Tier, first.Name, first.SlaText, first.Sla is { } sla ? asOf + sla : null,
            first.SalesAction, first.MarketingAction, first.Kpi, first.Mql, first.Sql);
    }

    private List<RuleOutcome> EvaluateScoring(LeadFacts facts, SignalSet signals)
    {
        if (_scoring is null)
        {
            return Execute(ScoringWorkflow, [new RuleParameter("lead", facts), new RuleParameter("signals", signals), new RuleParameter("lists", RuleSet.Lists)]);
        }

        var outcomes = new List<RuleOutcome>();
        _scoring.Evaluate((facts, signals, RuleSet.Lists), static (rule, inputs) => rule(inputs.facts, inputs.signals, inputs.Lists), outcomes);
        return outcomes;
    }

    private List<RuleOutcome> EvaluateTiers(TierFacts card)
    {
        if (_tiers is null)
        {
            return Execute(TierWorkflow, [new RuleParameter("card", card)]);
        }

        var outcomes = new List<RuleOutcome>();
        _tiers.Evaluate(card, static (rule, inputs) => rule(inputs), outcomes);
        return outcomes;
    }

    private List<RuleOutcome> Execute(string workflow, RuleParameter[] parameters)
    {
        var pending = _engine!.ExecuteAllRulesAsync(workflow, parameters);
        var results = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
        return results.ConvertAll(r => new RuleOutcome(r.Rule.RuleName, r.IsSuccess, r.ExceptionMessage));
    }
}
