using RuleScoring.Core.Accounts;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Worker;

namespace RuleScoring.Worker.Rules;

/// <summary>The rule set scoring right now, its warmed scorer, and when it became active.</summary>
public sealed record RulesSnapshot(RuleSet RuleSet, LeadScorer Scorer, RuleActivation Activation)
{
    public RuleSetIdentity Identity => RuleSet.Identity;

    /// <summary>The account scorer, warmed with the lead scorer; null when the rules have no account model.</summary>
    public AccountScorer? Accounts { get; init; }

    /// <summary>Routes leads entering a routed tier; null when the rules have no routing.json.</summary>
    public Core.Routing.Router? Router { get; init; }
}
