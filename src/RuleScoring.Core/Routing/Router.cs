using System.Globalization;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tiers;

namespace RuleScoring.Core.Routing;

/// <summary>
/// Routing: which queue a card goes to (routing.json, first match wins, in the same sandbox and
/// budget as the scoring rules) and who in it takes the lead (account owner, else weighted round
/// robin among members working now and under capacity, else the queue's fallback). Pure: the
/// time and the load come from the caller. Thread-safe.
/// </summary>
public sealed class Router
{
    private readonly CompiledWorkflow<Func<RouteCard, LeadFacts, RouteAccount, ModelLists, bool>> _rules;
    private readonly Dictionary<string, RouteRule> _byName;
    private readonly ModelLists _lists;
    private readonly Accounts.AccountModel? _accounts;
    private readonly Dictionary<string, TierRule> _businessClock;

    /// <summary>The lead attribute that names its owner in the CRM (a member id of teams.json).</summary>
    public const string OwnerAttribute = "owner";

    public Router(RuleSet ruleSet)
    {
        ArgumentNullException.ThrowIfNull(ruleSet);
        Model = ruleSet.Routing ?? throw new ArgumentException($"the rule set has no {RoutingModel.File}", nameof(ruleSet));
        Plays = ruleSet.Plays;
        _lists = ruleSet.Lists;
        _accounts = ruleSet.Accounts;
        _byName = Model.Rules.ToDictionary(r => r.Name, StringComparer.Ordinal);
        _businessClock = ruleSet.TierRules.Where(t => t.Clock == SlaClock.Business && t.Sla is not null).ToDictionary(t => t.Name, StringComparer.Ordinal);
        _rules = new CompiledWorkflow<Func<RouteCard, LeadFacts, RouteAccount, ModelLists, bool>>(Model.Workflow, EngineSettings.Create(useFastExpressionCompiler: true),
            RoutingModelReader.Parameters());
    }

    /// <summary>A router for the rule set when it has routing.json; null otherwise.</summary>
    public static Router? For(RuleSet ruleSet) => ruleSet?.Routing is null ? null : new Router(ruleSet);

    public RoutingModel Model { get; }

    public PlayBook? Plays { get; }

    public TeamModel Teams => Model.Teams;

    /// <summary>The account a lead's contacts share an owner through (as the account view rolls them up); null when it has none.</summary>
    public string? AccountKeyOf(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        if (_accounts is { } accounts)
        {
            return Accounts.AccountKey.For(lead, accounts, _lists);
        }

        var domain = Accounts.AccountKey.Domain(lead);
        return domain.Length > 0 ? domain : null;
    }

    /// <summary>The owner the lead's own data names ("" or absent: none).</summary>
    public static string? DataOwner(Lead lead) =>
        lead?.Attributes.TryGetValue(OwnerAttribute, out var owner) == true && !string.IsNullOrWhiteSpace(owner) ? owner.Trim() : null;

    public bool IsRouted(string? tier) => tier is not null && Teams.RoutedTiers.Contains(tier);

    /// <summary>The queue for a card: the first rule that holds; teams.json's fallback queue when none does or a rule fails first.</summary>
    public RouteDecision Decide(ScoreCard card, Lead lead, RouteAccount account)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(account);
        var outcomes = new List<RuleOutcome>();
        using (EvaluationBudget.Begin())
        {
            _rules.Evaluate((new RouteCard(card), new LeadFacts(lead), account, _lists), static (rule, i) => rule(i.Item1, i.Item2, i.Item3, i.Item4), outcomes);
        }

        if (outcomes.Count > 0 && outcomes[0] is { ExceptionMessage: { } error } failed)
        {
            var first = failed;
            return new RouteDecision(Teams.FallbackQueue, null, $"routing rule {first.RuleName} failed: fallback queue", error, false);
        }

        if (outcomes.Count > 0 && outcomes[0].IsSuccess && _byName.TryGetValue(outcomes[0].RuleName, out var rule))
        {
            return new RouteDecision(rule.Queue, rule.Name, rule.Reason, null, rule.Reassign);
        }

        return new RouteDecision(Teams.FallbackQueue, null, "no routing rule matched: fallback queue", null, false);
    }

    /// <summary>Whether the card's tier counts its SLA in the assigned rep's business hours (tiers.json slaClock).</summary>
    public bool CountsBusinessHours(TierAssignment? tier) => tier is not null && _businessClock.ContainsKey(tier.Rule);

    /// <summary>
    /// The due time of the SLA task a card opens, once routing has decided who has the lead: its
    /// tier's follow-up time on the wall clock, or, when the tier says slaClock "business", the
    /// SLA counted in the owner's working hours from the card's as-of. With nobody to count for
    /// (held, not routed, a rep with no working time ahead) it falls back to the wall clock and says why.
    /// </summary>
    /// <param name="queue">The lead's queue after routing; null when it was not routed.</param>
    /// <param name="owner">Who has the lead after routing; null when nobody does.</param>
    public SlaDue SlaDue(ScoreCard card, string? queue, string? owner)
    {
        ArgumentNullException.ThrowIfNull(card);
        var tier = card.Tier ?? throw new ArgumentException("the card has no tier", nameof(card));
        var wall = tier.FollowUpBy ?? throw new ArgumentException($"tier {tier.Tier} has no SLA", nameof(card));
        if (!_businessClock.TryGetValue(tier.Rule, out var rule))
        {
            return new SlaDue(wall, null, null);
        }

        if (queue is null)
        {
            return new SlaDue(wall, null, "wall clock: the lead was not routed, so no rep's hours to count");
        }

        if (owner is null)
        {
            return new SlaDue(wall, null, $"wall clock: held in {queue} with nobody assigned");
        }

        if (!Teams.Members.TryGetValue(owner, out var member))
        {
            return new SlaDue(wall, null, $"wall clock: owner {owner} is not in {TeamModel.File}");
        }

        return BusinessHours.Due(member, card.AsOf, rule.Sla!.Value) is { } due
            ? new SlaDue(due, member.TimeZoneId, $"business hours of {member.Name}")
            : new SlaDue(wall, null, $"wall clock: {member.Name} has no working hours ahead (working days, out of office)");
    }

    /// <summary>
    /// Who in the decided queue takes the lead at <paramref name="at"/>: the account's owner when
    /// it has one in this queue (unless out of office: then the queue's fallback), else weighted round robin among
    /// the members working now (their own time zone) and under their daily capacity, else the
    /// queue's fallback, following fallback queues until one takes it or holds it.
    /// </summary>
    /// <param name="accountOwner">The member who owns the lead's account (its other contacts went to them, or the data names them).</param>
    /// <param name="exclude">A member who may not take it (the one a re-route takes it from).</param>
    public Assignment Assign(RouteDecision decision, string? accountOwner, RoutingLoad load, DateTimeOffset at, string? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(load);
        var why = new List<string> { decision.Reason };
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var queueName = decision.Queue;
        while (true)
        {
            visited.Add(queueName);
            var queue = Teams.Queues[queueName];
            var ownerAway = false;
            if (!string.IsNullOrEmpty(accountOwner) && accountOwner != exclude)
            {
                if (!Teams.Members.TryGetValue(accountOwner, out var owner))
                {
                    why.Add($"account owner {accountOwner} is not in {TeamModel.File}");
                }
                else if (!queue.Members.Contains(owner.Id, StringComparer.Ordinal))
                {
                    // An SDR who qualified one contact does not take the enterprise deal the AEs work.
                    why.Add($"account owner {owner.Id} is not in {queueName}");
                }
                else if (owner.IsOutOfOffice(at))
                {
                    why.Add("owner out of office");
                    ownerAway = true;
                }
                else
                {
                    why.Add("account owner");
                    return new Assignment(queueName, owner.Id, AssignmentStatus.Assigned, string.Join(", ", why));
                }
            }

            if (!ownerAway)
            {
                if (RoundRobin(queue, load, at, exclude, out var picked, out var detail))
                {
                    why.Add(detail);
                    return new Assignment(queueName, picked, AssignmentStatus.Assigned, string.Join(", ", why));
                }

                why.Add(detail);
            }

            switch (queue.Fallback)
            {
                case FallbackAction.Escalate:
                    why.Add($"fallback: escalate to {queue.EscalateTo}");
                    return new Assignment(queueName, queue.EscalateTo, AssignmentStatus.Escalated, string.Join(", ", why));
                case FallbackAction.Queue when queue.FallbackQueue is { } next && !visited.Contains(next):
                    why.Add($"fallback: queue {next}");
                    queueName = next;
                    // The owner was tried; the next queue's members are offered in turn.
                    accountOwner = null;
                    continue;
                default:
                    why.Add("fallback: hold");
                    return new Assignment(queueName, null, AssignmentStatus.Held, string.Join(", ", why));
            }
        }
    }

    /// <summary>
    /// Smooth weighted round robin over stored counts: the available member with the fewest leads
    /// per unit of weight in this queue (ties: higher weight, then file order), so over time each
    /// gets their weight's share and the same counts always give the same member.
    /// </summary>
    private bool RoundRobin(RoutingQueue queue, RoutingLoad load, DateTimeOffset at, string? exclude, out string? picked, out string detail)
    {
        var members = queue.Members.Where(m => m != exclude).Select(m => Teams.Members[m]).ToList();
        int away = 0, offHours = 0, full = 0;
        var underCapacity = new List<TeamMember>(members.Count);
        foreach (var m in members)
        {
            if (m.IsOutOfOffice(at))
            {
                away++;
            }
            else if (!m.IsWorking(at))
            {
                offHours++;
            }
            else if (load.Today(m, at) >= m.CapacityPerDay)
            {
                full++;
            }
            else
            {
                underCapacity.Add(m);
            }
        }

        if (underCapacity.Count == 0)
        {
            picked = null;
            var parts = new List<string>();
            if (members.Count == 0)
            {
                parts.Add("no members");
            }

            if (offHours > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{offHours} out of hours"));
            }

            if (away > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{away} out of office"));
            }

            if (full > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{full} at capacity"));
            }

            detail = $"nobody in {queue.Name} available ({string.Join(", ", parts)})";
            return false;
        }

        var best = underCapacity[0];
        foreach (var m in underCapacity.Skip(1))
        {
            // a/wa < b/wb without division: a*wb < b*wa.
            var mine = load.Assigned(queue.Name, m.Id) * best.Weight;
            var theirs = load.Assigned(queue.Name, best.Id) * m.Weight;
            if (mine < theirs || (mine == theirs && m.Weight > best.Weight))
            {
                best = m;
            }
        }

        picked = best.Id;
        detail = string.Create(CultureInfo.InvariantCulture, $"round robin {underCapacity.IndexOf(best) + 1} of {underCapacity.Count}");
        return true;
    }
}
