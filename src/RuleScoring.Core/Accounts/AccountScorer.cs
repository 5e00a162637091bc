using System.Globalization;
using System.Linq.Expressions;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tiers;
using RulesEngine.Models;

namespace RuleScoring.Core.Accounts;

/// <summary>
/// Scores accounts under one rule set's account model: first each contact is classified (engaged,
/// researching, committee role: model.json's expressions), then account.json's scoring rules add
/// up over the rolled-up <see cref="AccountFacts"/>, then its tier rules pick the tier. The
/// workflows are compiled once into typed delegates as <see cref="LeadScorer"/>'s are
/// (<see cref="LeadScorerMode.Compiled"/>), or run through one warmed RulesEngine
/// (<see cref="LeadScorerMode.Reference"/>, the same cards). Thread-safe and pure, like <see cref="LeadScorer"/>.
/// </summary>
public sealed class AccountScorer
{
    // Reference mode runs the engine; compiled mode the three workflows' delegates. One or the other is null.
    private readonly RulesEngine.RulesEngine? _engine;
    private readonly CompiledWorkflow<Func<LeadFacts, SignalSet, ModelLists, ContactFacts, bool>>? _contacts;
    private readonly CompiledWorkflow<Func<AccountFacts, bool>>? _scoring;
    private readonly CompiledWorkflow<Func<AccountFacts, bool>>? _tiers;
    private readonly Dictionary<string, AccountRule> _rules;
    private readonly Dictionary<string, int> _tierOrder;
    private readonly Dictionary<string, int> _roleOrder;

    public AccountScorer(RuleSet ruleSet, bool useFastExpressionCompiler = false, LeadScorerMode mode = LeadScorerMode.Compiled)
    {
        ArgumentNullException.ThrowIfNull(ruleSet);
        RuleSet = ruleSet;
        Mode = mode;
        Model = ruleSet.Accounts ?? throw new ArgumentException($"the rule set in {ruleSet.Directory} has no account model ({AccountModel.File})", nameof(ruleSet));
        var settings = EngineSettings.Create(useFastExpressionCompiler);
        if (mode == LeadScorerMode.Reference)
        {
            _engine = new RulesEngine.RulesEngine([.. Model.Workflows], settings);
        }
        else
        {
            // The parameters ExecuteAllRulesAsync is given (see Contact and Score): same names, same types.
            Workflow Named(string name) => Model.Workflows.Single(w => w.WorkflowName == name);
            _contacts = new CompiledWorkflow<Func<LeadFacts, SignalSet, ModelLists, ContactFacts, bool>>(Named(AccountModel.ContactWorkflow), settings,
                Expression.Parameter(typeof(LeadFacts), "lead"), Expression.Parameter(typeof(SignalSet), "signals"),
                Expression.Parameter(typeof(ModelLists), "lists"), Expression.Parameter(typeof(ContactFacts), "card"));
            _scoring = new CompiledWorkflow<Func<AccountFacts, bool>>(Named(AccountModel.ScoringWorkflow), settings, Expression.Parameter(typeof(AccountFacts), "account"));
            _tiers = new CompiledWorkflow<Func<AccountFacts, bool>>(Named(AccountModel.TierWorkflow), settings, Expression.Parameter(typeof(AccountFacts), "account"));
        }

        _rules = Model.Rules.ToDictionary(r => r.Name, StringComparer.Ordinal);
        _tierOrder = Model.TierRules.Select((r, i) => (r.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        _roleOrder = Model.Roles.Select((r, i) => (AccountModel.RolePrefix + r.Name, i)).ToDictionary(x => x.Item1, x => x.i, StringComparer.Ordinal);

        var warmUp = Score("warm-up", [Contact(Lead.Create("warm-up"), new LeadScorer(ruleSet).Score(Lead.Create("warm-up"), DateTimeOffset.UnixEpoch))], DateTimeOffset.UnixEpoch);
        if (warmUp.Errors.Count > 0)
        {
            throw new RuleSetException(ruleSet.Directory, warmUp.Errors
                .Select(e => new RuleProblem(RuleProblemSeverity.Error, AccountModel.File, null, null, "fails on an account with no data: " + e)).ToArray());
        }
    }

    public RuleSet RuleSet { get; }
    public AccountModel Model { get; }
    public LeadScorerMode Mode { get; }

    /// <summary>The account this lead rolls up to, or null (no domain, or a free-mail one).</summary>
    public string? KeyOf(Lead lead) => AccountKey.For(lead, Model, RuleSet.Lists);

    /// <summary>Classifies one scored lead for its account. <paramref name="card"/> must be the lead's card (its as-of is the signals' clock).</summary>
    /// <param name="scoredFrom">
    /// What the lead's card was scored from on this thread (<see cref="LeadScorer.Score(Lead, DateTimeOffset, out ScoringInputs, string?)"/>):
    /// taken when it is this lead's as of the card's time under the same signal groups, else built again.
    /// </param>
    public AccountContact Contact(Lead lead, ScoreCard card, ScoringInputs? scoredFrom = null)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(card);
        using var budget = EvaluationBudget.Begin();
        var errors = new List<string>();
        var facts = new ContactFacts((double)card.Fit.Score, (double)card.Intent.Score, (double)card.Behavior.Score, (double)card.Composite,
            card.Tier?.Tier ?? "", card.Disqualified);
        var reuse = scoredFrom is not null && scoredFrom.Fit(lead, card.AsOf, RuleSet.SignalGroups);
        var leadFacts = reuse ? scoredFrom!.Facts : new LeadFacts(lead);
        var signals = reuse ? scoredFrom!.Signals : SignalSet.Create(lead.Signals, card.AsOf, RuleSet.SignalGroups);
        var outcomes = _contacts is null
            ? Execute(AccountModel.ContactWorkflow, [new RuleParameter("lead", leadFacts), new RuleParameter("signals", signals), new RuleParameter("lists", RuleSet.Lists), new RuleParameter("card", facts)])
            : _contacts.Evaluate((leadFacts, signals, RuleSet.Lists, facts), static (rule, x) => rule(x.leadFacts, x.signals, x.Lists, x.facts));

        bool engaged = false, researching = false;
        var role = -1;
        foreach (var result in outcomes)
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

            switch (result.RuleName)
            {
                case AccountModel.EngagedRule:
                    engaged = true;
                    break;
                case AccountModel.ResearchingRule:
                    researching = true;
                    break;
                default:
                    var order = _roleOrder[result.RuleName];
                    role = role < 0 ? order : Math.Min(role, order);
                    break;
            }
        }

        if (errors.Count > 0)
        {
            // A contact whose classification failed counts for nothing rather than for something made up.
            return new AccountContact(card.LeadId, null, false, false, card.Fit.Score, card.Intent.Score, card.Behavior.Score, card.Composite, card.Tier?.Tier, card.Disqualified)
            {
                Errors = errors,
            };
        }

        return new AccountContact(card.LeadId, role < 0 || card.Disqualified ? null : Model.Roles[role].Name, engaged && !card.Disqualified, researching && !card.Disqualified,
            card.Fit.Score, card.Intent.Score, card.Behavior.Score, card.Composite, card.Tier?.Tier, card.Disqualified);
    }

    /// <summary>Scores an account from its contacts (in any order: the card lists them by lead id).</summary>
    public AccountCard Score(string accountKey, IReadOnlyList<AccountContact> contacts, DateTimeOffset asOf)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        ArgumentNullException.ThrowIfNull(contacts);
        using var budget = EvaluationBudget.Begin();
        var ordered = contacts.OrderBy(c => c.LeadId, StringComparer.Ordinal).ToList();
        var errors = ordered.SelectMany(c => c.Errors.Select(e => $"contact {c.LeadId}: {e}")).ToList();
        var facts = new AccountFacts(accountKey, ordered);
        var engagedRoles = Model.Roles.Where(r => facts.HasRole(r.Name)).ToList();
        var missingRoles = Model.Roles.Where(r => !facts.HasRole(r.Name)).ToList();
        var fired = new List<AccountRule>();
        foreach (var result in ScoringOutcomes(_scoring, AccountModel.ScoringWorkflow, facts))
        {
            if (!string.IsNullOrEmpty(result.ExceptionMessage))
            {
                errors.Add($"{result.RuleName}: {result.ExceptionMessage}");
            }
            else if (result.IsSuccess)
            {
                fired.Add(_rules[result.RuleName]);
            }
        }

        var raw = fired.Sum(r => r.Points);
        var score = Math.Round(Math.Clamp(raw, 0, Model.Cap) / Model.Cap * 100, 1, MidpointRounding.AwayFromZero);
        var reasons = fired
            .Select(r => new AccountReason(r.Name, r.Points, Format(r.ReasonTemplate, r.Points, facts, engagedRoles, missingRoles)))
            .OrderByDescending(r => Math.Abs(r.Points)).ThenBy(r => r.Code, StringComparer.Ordinal)
            .ToList();

        var tierFacts = new AccountFacts(accountKey, ordered, (double)score, fired.Select(r => r.Name).ToHashSet(StringComparer.Ordinal));
        TierRule? first = null;
        foreach (var result in ScoringOutcomes(_tiers, AccountModel.TierWorkflow, tierFacts))
        {
            if (!string.IsNullOrEmpty(result.ExceptionMessage))
            {
                errors.Add($"{result.RuleName}: {result.ExceptionMessage}");
            }
            else if (result.IsSuccess && (first is null || _tierOrder[result.RuleName] < _tierOrder[first.Name]))
            {
                first = Model.TierRules[_tierOrder[result.RuleName]];
            }
        }

        if (first is null)
        {
            errors.Add($"no account tier rule matched; end {AccountModel.File}'s tier rules with a catch-all");
        }

        var tier = first is null ? null : new TierAssignment(first.Tier, first.Name, first.SlaText, first.Sla is { } sla ? asOf + sla : null,
            first.SalesAction, first.MarketingAction, first.Kpi, false, false);
        return new AccountCard(accountKey, asOf, RuleSet.Identity, raw, score, tier, reasons,
            engagedRoles.Select(r => r.Name).ToList(), missingRoles.Select(r => r.Name).ToList(), facts.Engaged, facts.Researching, ordered, errors);
    }

    private static string Format(string template, decimal points, AccountFacts facts, List<AccountRole> engaged, List<AccountRole> missing)
    {
        static string Labels(List<AccountRole> roles) => roles.Count == 0 ? "none" : string.Join(", ", roles.Select(r => r.Label));
        static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
        return template
            .Replace("{roles}", Labels(engaged), StringComparison.Ordinal)
            .Replace("{missing}", Labels(missing), StringComparison.Ordinal)
            .Replace("{engaged}", facts.Engaged.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{researching}", facts.Researching.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{contacts}", facts.Contacts.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{points}", points.ToString("0.##", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{bestFit}", N(facts.BestFit), StringComparison.Ordinal)
            .Replace("{bestIntent}", N(facts.BestIntent), StringComparison.Ordinal)
            .Replace("{sumIntent}", N(facts.SumIntent), StringComparison.Ordinal);
    }

    /// <summary>An account workflow's outcomes over <paramref name="facts"/>: its compiled delegates, or (reference mode) the engine.</summary>
    private List<RuleOutcome> ScoringOutcomes(CompiledWorkflow<Func<AccountFacts, bool>>? compiled, string workflow, AccountFacts facts) =>
        compiled is null
            ? Execute(workflow, [new RuleParameter("account", facts)])
            : compiled.Evaluate(facts, static (rule, account) => rule(account));

    private List<RuleOutcome> Execute(string workflow, RuleParameter[] parameters) => RuleOutcome.OfEngine(_engine!, workflow, parameters);
}
