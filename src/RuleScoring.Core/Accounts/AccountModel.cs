using RuleScoring.Core.Tiers;
using RulesEngine.Models;

namespace RuleScoring.Core.Accounts;

/// <summary>How leads roll up to accounts and how an account is scored: model.json's accounts section plus account.json.</summary>
public sealed class AccountModel
{
    internal AccountModel(string freeMailList, decimal cap, string engaged, string researching, IReadOnlyList<AccountRole> roles,
        IReadOnlyList<AccountRule> rules, IReadOnlyList<TierRule> tierRules, IReadOnlyList<Workflow> workflows)
    {
        FreeMailList = freeMailList;
        Cap = cap;
        EngagedExpression = engaged;
        ResearchingExpression = researching;
        Roles = roles;
        Rules = rules;
        TierRules = tierRules;
        Workflows = workflows;
    }

    public const string File = "account.json";
    internal const string ContactWorkflow = "account.contacts";
    internal const string ScoringWorkflow = "account";
    internal const string TierWorkflow = "account.tiers";
    internal const string EngagedRule = "contact.engaged";
    internal const string ResearchingRule = "contact.researching";
    internal const string RolePrefix = "role.";

    public string FreeMailList { get; }
    public decimal Cap { get; }
    public string EngagedExpression { get; }
    public string ResearchingExpression { get; }
    public IReadOnlyList<AccountRole> Roles { get; }
    public IReadOnlyList<AccountRule> Rules { get; }
    /// <summary>Ordered: the first that holds gives the account's tier (the mql/sql flags are always false).</summary>
    public IReadOnlyList<TierRule> TierRules { get; }
    internal IReadOnlyList<Workflow> Workflows { get; }

    /// <summary>The first tier rule's tier: what "the top tier" means for this model.</summary>
    public string TopTier => TierRules[0].Tier;
}
