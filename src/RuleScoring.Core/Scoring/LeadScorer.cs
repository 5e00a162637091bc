using System.Linq.Expressions;
using System.Runtime.InteropServices;
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
    private readonly Dictionary<string, ScoringEntry> _rules;
    private readonly Dictionary<string, int> _tierOrder;
    // By a rule's place in its workflow (RuleOutcome.Position): its entry, its tier rule's order (-1: by name).
    private readonly ScoringEntry?[] _scoringByPosition;
    private readonly int[] _tierOrderByPosition;
    private CardTemplate? _cardTemplate;

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

        var dimensionIndex = ruleSet.Dimensions.Select((d, i) => (d.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        _rules = ruleSet.ScoringRules.ToDictionary(r => r.Name,
            r => new ScoringEntry(r, dimensionIndex[r.Dimension], ReasonTemplate.Parse(r.ReasonTemplate)), StringComparer.Ordinal);
        _tierOrder = ruleSet.TierRules.Select((r, i) => (r.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        _scoringByPosition = [.. scoring.Rules.Select(r => _rules.GetValueOrDefault(r.RuleName))];
        _tierOrderByPosition = [.. tiers.Rules.Select(r => _tierOrder.GetValueOrDefault(r.RuleName, -1))];

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

    /// <summary>What every card of this rule set shares, for storing cards compactly (made on first use).</summary>
    public CardTemplate CardTemplate => _cardTemplate ??= CardTemplate.Of(RuleSet);

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
    public ScoreCard Score(Lead lead, DateTimeOffset asOf, string? motion = null) => Score(lead, asOf, out _, motion);

    /// <summary>Scores as <see cref="Score(Lead, DateTimeOffset, string?)"/> and gives what the card was built from, for the same thread to classify the lead as a contact.</summary>
    public ScoreCard Score(Lead lead, DateTimeOffset asOf, out ScoringInputs inputs, string? motion = null)
    {
        ArgumentNullException.ThrowIfNull(lead);
        using var budget = EvaluationBudget.Begin();
        var resolvedMotion = ResolveMotion(lead, motion);
        var weights = RuleSet.Motions[resolvedMotion];
        var facts = new LeadFacts(lead);
        var signals = SignalSet.Create(lead.Signals, asOf, RuleSet.SignalGroups);
        inputs = new ScoringInputs(lead, facts, signals, asOf, RuleSet.SignalGroups);

        var scratch = Scratch.ForThisThread();
        var reasons = scratch.Reasons;
        var errors = scratch.Errors;
        var raws = new decimal[RuleSet.Dimensions.Count];
        var disqualified = false;
        DateTimeOffset? nextChange = null;
        foreach (var result in EvaluateScoring(facts, signals, scratch.Outcomes))
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

            var entry = result.Position >= 0 && _scoringByPosition[result.Position] is { } placed ? placed : _rules[result.RuleName];
            var reason = Apply(entry, signals, scratch, ref nextChange);
            if (reason is not null)
            {
                reasons.Add(reason);
                raws[entry.Dimension] += reason.Points;
                disqualified |= reason.Disqualifier;
            }
        }

        // Every answer the rules were given over a window (fired or not, evidence counted or not)
        // holds until its oldest event leaves that window: the card can change no later than that.
        if (signals.AnswersHoldUntil is { } holds && (nextChange is null || holds < nextChange))
        {
            nextChange = holds;
        }

        var card = Card(lead.LeadId, asOf, resolvedMotion, weights, raws, disqualified, reasons, errors, nextChange, scratch);
        scratch.Release();
        return card;
    }

    /// <summary>
    /// The card a lead scored under the rules <paramref name="stored"/> was scored with gets under
    /// these, as of <paramref name="asOf"/>, from its stored reasons alone, or null when that cannot
    /// be proved to be the card <see cref="Score"/> would give. It can when the two rule sets have
    /// the same <see cref="EvidenceSignature"/> (they differ only in points, motion weights, caps and
    /// tier rules), the stored card kept its evidence times and has no errors, and
    /// <paramref name="asOf"/> is before its next change (the caller also knows no signal arrived
    /// and no attribute changed since: the stored next change is then when anything could).
    /// Each reason's points follow from the new points and the same decay multipliers, the text
    /// from the evidence's age at <paramref name="asOf"/>; dimensions, composite and tier are then
    /// worked out as <see cref="Score"/> does.
    /// </summary>
    /// <param name="scoredWith">The template the stored card was written with (its rule set's).</param>
    public ScoreCard? Reweigh(ScoreCard stored, CardTemplate scoredWith, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(scoredWith);
        if (scoredWith.EvidenceSignature is not { } signature || signature != CardTemplate.EvidenceSignature || stored.Rules != scoredWith.Rules
            || stored.Errors.Count > 0 || asOf < stored.AsOf || (stored.NextChangeAt is { } next && asOf >= next)
            || !RuleSet.Motions.TryGetValue(stored.Motion, out var weights))
        {
            return null;
        }

        using var budget = EvaluationBudget.Begin();
        var scratch = Scratch.ForThisThread();
        var reasons = scratch.Reasons;
        var raws = new decimal[RuleSet.Dimensions.Count];
        var disqualified = false;
        foreach (var old in stored.Reasons)
        {
            var reason = _rules.TryGetValue(old.Code, out var entry) ? Reweigh(entry, old, asOf) : null;
            if (reason is null)
            {
                scratch.Release();
                return null;
            }

            reasons.Add(reason);
            raws[entry!.Dimension] += reason.Points;
            disqualified |= reason.Disqualifier;
        }

        var card = Card(stored.LeadId, asOf, stored.Motion, weights, raws, disqualified, reasons, scratch.Errors, stored.NextChangeAt, scratch);
        scratch.Release();
        return card.Errors.Count > 0 ? null : card;
    }

    /// <summary>One stored reason under this rule set's points: null when its evidence times were not kept, or its text cannot follow.</summary>
    private static Reason? Reweigh(ScoringEntry entry, Reason old, DateTimeOffset asOf)
    {
        var rule = entry.Rule;
        int? age = null;
        if (old.EvidenceAgeDays is not null)
        {
            if (old.Times?.LatestAt is not { } latest)
            {
                return null;
            }

            age = (int)Math.Floor((asOf - latest).TotalDays);
        }

        decimal points;
        decimal fullPoints;
        if (rule.Counting == EvidenceCounting.Once)
        {
            // The multiplier of the evidence's age when it was read: the same until the card's next change.
            var multiplier = rule.Decay is not null && old.EvidenceAgeDays is { } readAge ? rule.Decay.MultiplierAt(readAge) : 1m;
            fullPoints = rule.Points;
            points = Earned(rule.Points, multiplier);
        }
        else
        {
            // None kept: each counted event at full weight.
            var multipliers = old.Times?.CountedMultipliers;
            if (old.Times?.LatestAt is null || old.EvidenceCount <= 0 || (multipliers is not null && multipliers.Length != old.EvidenceCount))
            {
                return null;
            }

            fullPoints = rule.Points * old.EvidenceCount;
            points = EarnedEach(rule.Points, multipliers, old.EvidenceCount);
        }

        if (points == 0)
        {
            return null;
        }

        if (!entry.Reason.UsesTopics || old.Times?.Topics is not null)
        {
            return new Reason(rule.Name, rule.Dimension, points, fullPoints, ShareOf(points, fullPoints),
                old.EvidenceCount, age, entry.Reason, entry.Reason.UsesTopics ? old.Times!.Topics! : [], rule.Disqualify)
            {
                Times = old.Times,
            };
        }

        // The topics are only in the stored text: it stands when nothing else in it moves.
        return entry.Reason.UsesAgeOrPoints
            ? null
            : new Reason(rule.Name, rule.Dimension, points, fullPoints, ShareOf(points, fullPoints), old.EvidenceCount, age, old.Text, rule.Disqualify)
            {
                Times = old.Times,
            };
    }

    /// <summary>The points of <paramref name="count"/> events counted one by one at these decay multipliers (null: each 1), each rounded on its own.</summary>
    private static decimal EarnedEach(decimal points, decimal[]? multipliers, int count)
    {
        var earned = 0m;
        for (var i = 0; i < count; i++)
        {
            earned += Earned(points, multipliers?[i] ?? 1m);
        }

        return earned;
    }

    /// <summary>The card from its reasons and raw points per dimension: dimension scores, composite, reasons by impact, the tier.</summary>
    private ScoreCard Card(string leadId, DateTimeOffset asOf, string motion, IReadOnlyDictionary<string, decimal> weights, decimal[] raws, bool disqualified,
        List<Reason> reasons, List<string> errors, DateTimeOffset? nextChange, Scratch scratch)
    {
        var dimensions = new List<DimensionScore>(RuleSet.Dimensions.Count);
        for (var i = 0; i < RuleSet.Dimensions.Count; i++)
        {
            var dimension = RuleSet.Dimensions[i];
            dimensions.Add(new DimensionScore(dimension.Name, raws[i], DimensionScoreOf(raws[i], dimension.Cap), dimension.Cap, weights[dimension.Name]));
        }

        var weighted = 0m;
        foreach (var d in dimensions)
        {
            weighted += d.Score * d.Weight;
        }

        var composite = CompositeOf(weighted);
        SortByImpact(reasons);

        scratch.Outcomes.Clear();
        var tier = AssignTier(dimensions, composite, disqualified, motion, reasons, asOf, errors, scratch.Outcomes);

        // The card keeps arrays of exactly its reasons and errors (most cards have none), not the lists' spare room.
        return new ScoreCard(leadId, asOf, RuleSet.Identity, motion, dimensions, composite, tier, disqualified,
            reasons.ToArray(), nextChange, errors.Count > 0 ? errors.ToArray() : []);
    }

    /// <summary>
    /// Reasons by impact: the largest points either way first, then by code (codes are unique on a
    /// card, so this is a total order and any sort gives one result). A card has a few reasons: an
    /// insertion sort on each one's size as a double, which orders two reasons as their decimals do
    /// whenever the doubles differ; the decimals decide only between equal doubles.
    /// </summary>
    private static void SortByImpact(List<Reason> reasons)
    {
        var span = CollectionsMarshal.AsSpan(reasons);
        if (span.Length > 32)
        {
            reasons.Sort(static (a, b) => ByImpact(Math.Abs((double)a.Points), a, Math.Abs((double)b.Points), b));
            return;
        }

        Span<double> sizes = stackalloc double[span.Length];
        for (var i = 0; i < span.Length; i++)
        {
            sizes[i] = Math.Abs((double)span[i].Points);
        }

        for (var i = 1; i < span.Length; i++)
        {
            var reason = span[i];
            var size = sizes[i];
            var j = i - 1;
            while (j >= 0 && ByImpact(size, reason, sizes[j], span[j]) < 0)
            {
                span[j + 1] = span[j];
                sizes[j + 1] = sizes[j];
                j--;
            }

            span[j + 1] = reason;
            sizes[j + 1] = size;
        }
    }

    private static int ByImpact(double aSize, Reason a, double bSize, Reason b)
    {
        if (aSize != bSize)
        {
            return bSize.CompareTo(aSize);
        }

        var byImpact = Math.Abs(b.Points).CompareTo(Math.Abs(a.Points));
        return byImpact != 0 ? byImpact : string.CompareOrdinal(a.Code, b.Code);
    }

    /// <summary>A dimension's score: its raw points clamped to 0..cap, as a percentage of the cap, to one decimal.</summary>
    internal static decimal DimensionScoreOf(decimal raw, decimal cap) =>
        Math.Round(Math.Clamp(raw, 0, cap) / cap * 100, 1, MidpointRounding.AwayFromZero);

    /// <summary>A rule's points for one piece of evidence at its decay multiplier, to the cent (each counted event is rounded on its own).</summary>
    internal static decimal Earned(decimal points, decimal multiplier) => Math.Round(points * multiplier, 2, MidpointRounding.AwayFromZero);

    /// <summary>A reason's multiplier as the card shows it: the points earned over the full points, to four decimals.</summary>
    // Full points (most evidence is fresh) give 1 without the division. Only where the quotient is 1
    // at scale 0: the division keeps the difference of the scales (15.00 / 15 is 1.00, a different card).
    internal static decimal ShareOf(decimal points, decimal fullPoints) =>
        points == fullPoints && points.Scale <= fullPoints.Scale ? 1m : Math.Round(points / fullPoints, 4, MidpointRounding.AwayFromZero);

    /// <summary>The composite from the sum of score x weight (percent) over the dimensions, to one decimal.</summary>
    internal static decimal CompositeOf(decimal weighted) => Math.Round(weighted / 100, 1, MidpointRounding.AwayFromZero);

    private string ResolveMotion(Lead lead, string? motion)
    {
        if (motion is not null)
        {
            return RuleSet.Motions.ContainsKey(motion)
                ? motion
                : throw new ArgumentException($"unknown motion '{motion}'; the model defines {string.Join(", ", RuleSet.Motions.Keys)}", nameof(motion));
        }

        // NormalText.Of is Trim().ToLowerInvariant() without the copies when the value is already so.
        return lead.Attributes.TryGetValue("motion", out var fromLead) && NormalText.Of(fromLead) is var normal && RuleSet.Motions.ContainsKey(normal)
            ? normal
            : RuleSet.DefaultMotion;
    }

    /// <summary>Turns a fired rule into points: decay by evidence age, per-event or per-topic counting, max.</summary>
    private static Reason? Apply(ScoringEntry entry, SignalSet signals, Scratch scratch, ref DateTimeOffset? nextChange)
    {
        var rule = entry.Rule;
        var evidence = scratch.Evidence;
        evidence.Clear();
        if (rule.Evidence.Count > 0)
        {
            signals.Evidence(rule.Evidence, rule.WindowDays, evidence);
        }

        // The evidence that earns points, in evidence order: the first max events, the first event
        // of each of the first max topics, or the most recent event.
        var counted = scratch.Counted;
        counted.Clear();
        switch (rule.Counting)
        {
            case EvidenceCounting.PerEvent:
                var max = rule.Max!.Value;
                for (var i = 0; i < evidence.Count && counted.Count < max; i++)
                {
                    counted.Add(evidence[i]);
                }

                break;
            case EvidenceCounting.PerTopic:
                CountTopics(evidence, rule.Max!.Value, counted, scratch);
                break;
            default:
                if (evidence.Count > 0)
                {
                    counted.Add(evidence[0]);
                }

                break;
        }

        if (rule.Counting != EvidenceCounting.Once && counted.Count == 0)
        {
            return null;
        }

        decimal points;
        decimal fullPoints;
        decimal[]? multipliers = null;
        if (rule.Counting == EvidenceCounting.Once)
        {
            var multiplier = rule.Decay is not null && counted.Count > 0 ? rule.Decay.MultiplierAt(counted[0].AgeDays) : 1m;
            fullPoints = rule.Points;
            points = Earned(rule.Points, multiplier);
        }
        else
        {
            // The same multipliers the card keeps (Reweigh sums them again the same way).
            multipliers = CountedMultipliers(rule, counted);
            fullPoints = rule.Points * counted.Count;
            points = EarnedEach(rule.Points, multipliers, counted.Count);
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
        // The text is written only where it is read (Reason.Text), from the template and these numbers.
        string[] topics = entry.Reason.UsesTopics ? Topics(counted, scratch.Topics).ToArray() : [];
        return new Reason(rule.Name, rule.Dimension, points, fullPoints, ShareOf(points, fullPoints),
            count, ageDays, entry.Reason, topics, rule.Disqualify)
        {
            Times = evidence.Count > 0
                ? new EvidenceTimes(WholeSecond(evidence[0].OccurredAt), multipliers, entry.Reason.UsesTopics ? topics : null)
                : null,
        };
    }

    private static DateTimeOffset? WholeSecond(DateTimeOffset at) => at.UtcTicks % TimeSpan.TicksPerSecond == 0 ? at : null;

    /// <summary>Each counted event's decay multiplier, for a rule counting events one by one.</summary>
    private static decimal[]? CountedMultipliers(ScoringRule rule, List<SignalFact> counted)
    {
        // All 1 (no decay, or all fresh: most cards) is kept as none.
        decimal[]? multipliers = null;
        for (var i = 0; i < counted.Count; i++)
        {
            var m = rule.Decay?.MultiplierAt(counted[i].AgeDays) ?? 1m;
            if (m != 1m && multipliers is null)
            {
                multipliers = new decimal[counted.Count];
                Array.Fill(multipliers, 1m, 0, i);
            }

            if (multipliers is not null)
            {
                multipliers[i] = m;
            }
        }

        return multipliers;
    }

    /// <summary>The first event of each distinct non-empty topic, up to <paramref name="max"/> topics (DistinctBy topic, then Take).</summary>
    private static void CountTopics(List<SignalFact> evidence, int max, List<SignalFact> counted, Scratch scratch)
    {
        HashSet<string>? seen = null;
        foreach (var e in evidence)
        {
            if (counted.Count >= max)
            {
                return;
            }

            if (e.Topic.Length == 0)
            {
                continue;
            }

            // Few topics per rule: a scan of those kept so far, until there are enough to want a set.
            if (seen is null && counted.Count >= 16)
            {
                seen = scratch.TopicSet;
                seen.Clear();
                foreach (var kept in counted)
                {
                    seen.Add(kept.Topic);
                }
            }

            if (seen is not null ? seen.Add(e.Topic) : !Contains(counted, e.Topic))
            {
                counted.Add(e);
            }
        }

        static bool Contains(List<SignalFact> counted, string topic)
        {
            foreach (var kept in counted)
            {
                if (string.Equals(kept.Topic, topic, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The counted evidence's distinct non-empty topics, in order.</summary>
    private static ReadOnlySpan<string> Topics(List<SignalFact> counted, List<string> topics)
    {
        topics.Clear();
        foreach (var e in counted)
        {
            if (e.Topic.Length > 0 && !topics.Contains(e.Topic, StringComparer.Ordinal))
            {
                topics.Add(e.Topic);
            }
        }

        return CollectionsMarshal.AsSpan(topics);
    }

    /// <summary>When the evidence's decay multiplier next changes; its window is the signal set's (see <see cref="SignalSet.AnswersHoldUntil"/>).</summary>
    private static void TrackNextChange(ScoringRule rule, SignalFact evidence, ref DateTimeOffset? nextChange)
    {
        if (rule.Decay?.NextChangeAfter(evidence.AgeDays) is { } age)
        {
            var at = evidence.OccurredAt.AddDays(age);
            if (nextChange is null || at < nextChange)
            {
                nextChange = at;
            }
        }
    }

    private TierAssignment? AssignTier(List<DimensionScore> dimensions, decimal composite, bool disqualified, string motion,
        List<Reason> reasons, DateTimeOffset asOf, List<string> errors, List<RuleOutcome> outcomes)
    {
        double Score(int i) => (double)dimensions[i].Score;
        double Raw(int i) => (double)dimensions[i].Raw;
        var card = TierFacts.OfReasons(Score(0), Score(1), Score(2), Raw(0), Raw(1), Raw(2), (double)composite, disqualified, motion, reasons);

        TierRule? first = null;
        var firstOrder = int.MaxValue;
        // Every tier rule runs (an error in a later one is on the card too); the first in file order that fired wins.
        foreach (var result in EvaluateTiers(card, outcomes))
        {
            if (!string.IsNullOrEmpty(result.ExceptionMessage))
            {
                errors.Add($"{result.RuleName}: {result.ExceptionMessage}");
            }
            else if (result.IsSuccess)
            {
                var order = result.Position >= 0 && _tierOrderByPosition[result.Position] is >= 0 and var placed ? placed : _tierOrder[result.RuleName];
                if (order < firstOrder)
                {
                    first = RuleSet.TierRules[order];
                    firstOrder = order;
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

    private List<RuleOutcome> EvaluateScoring(LeadFacts facts, SignalSet signals, List<RuleOutcome> outcomes)
    {
        if (_scoring is null)
        {
            return Execute(ScoringWorkflow, [new RuleParameter("lead", facts), new RuleParameter("signals", signals), new RuleParameter("lists", RuleSet.Lists)]);
        }

        _scoring.Evaluate((facts, signals, RuleSet.Lists), static (rule, inputs) => rule(inputs.facts, inputs.signals, inputs.Lists), outcomes);
        return outcomes;
    }

    private List<RuleOutcome> EvaluateTiers(TierFacts card, List<RuleOutcome> outcomes)
    {
        if (_tiers is null)
        {
            return Execute(TierWorkflow, [new RuleParameter("card", card)]);
        }

        _tiers.Evaluate(card, static (rule, inputs) => rule(inputs), outcomes);
        return outcomes;
    }

    private List<RuleOutcome> Execute(string workflow, RuleParameter[] parameters) => RuleOutcome.OfEngine(_engine!, workflow, parameters);

    /// <summary>A scoring rule with what is worked out once per rule set: its dimension's position and its parsed reason.</summary>
    private sealed record ScoringEntry(ScoringRule Rule, int Dimension, ReasonTemplate Reason);

    /// <summary>
    /// Lists a score reuses from rule to rule and lead to lead on one thread: each is needed only
    /// while one rule is evaluated or applied, and a score never starts another on its thread.
    /// </summary>
    private sealed class Scratch
    {
        [ThreadStatic]
        private static Scratch? s_current;
        private HashSet<string>? _topicSet;

        public List<Reason> Reasons { get; } = [];
        public List<string> Errors { get; } = [];
        public List<RuleOutcome> Outcomes { get; } = [];
        public List<SignalFact> Evidence { get; } = [];
        public List<SignalFact> Counted { get; } = [];
        public List<string> Topics { get; } = [];
        public HashSet<string> TopicSet => _topicSet ??= new HashSet<string>(StringComparer.Ordinal);

        /// <summary>This thread's lists, empty (a score that threw may have left some behind).</summary>
        public static Scratch ForThisThread()
        {
            var scratch = s_current ??= new Scratch();
            scratch.Release();
            return scratch;
        }

        /// <summary>Lets go of the last lead's signals and reasons, so an idle thread does not keep them alive.</summary>
        public void Release()
        {
            Reasons.Clear();
            Errors.Clear();
            Outcomes.Clear();
            Evidence.Clear();
            Counted.Clear();
            Topics.Clear();
            _topicSet?.Clear();
        }
    }
}
