using System.Text.Json;
using System.Text.RegularExpressions;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Tiers;
using RulesEngine.Models;

namespace RuleScoring.Core.Rules;

/// <summary>model.json's accounts section and account.json, when the folder has them (both or neither).</summary>
internal static partial class AccountModelReader
{
    private const string ModelFile = RuleSetLoader.ModelFile;

    [GeneratedRegex(@"HasRole\(\s*""([^""]*)""\s*\)")]
    private static partial Regex HasRoleCall();

    [GeneratedRegex(@"^[a-z][a-z0-9_]*$")]
    private static partial Regex RoleName();

    /// <summary>An account.json rule with a tier property gives the account's tier; the others score it.</summary>
    public static bool IsTier(JsonElement properties) =>
        properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("tier", out _);

    public static AccountModel? Read(RuleFolder folder, WorkflowReader workflows, RuleProperties properties, LoadedModel model)
    {
        var file = AccountModel.File;
        var hasFile = folder.Has(file);
        var section = model.Accounts;
        if (section is null)
        {
            if (hasFile)
            {
                // Typically left from a copy of another model: say what it means, not what is missing.
                folder.Error(file, null, null, $"{ModelFile} has no \"accounts\" section, so this model scores no accounts: delete {file}, or add the section (free-mail list, engaged, researching, roles) to score them");
            }

            return null;
        }

        int? Line(string path) => folder.LineOf(ModelFile, path);
        if (!hasFile)
        {
            folder.Error(ModelFile, Line("accounts"), null, $"{ModelFile} has an \"accounts\" section but {file} is missing");
            return null;
        }

        var errors = folder.Problems.Count;
        if (!model.ListNames.Contains(section.FreeMailList))
        {
            folder.Error(ModelFile, Line("accounts.freeMailList"), null, $"accounts.freeMailList \"{section.FreeMailList}\" is not one of model.json's lists");
        }

        if (section.Cap <= 0)
        {
            folder.Error(ModelFile, Line("accounts.cap"), null, "accounts.cap must be greater than 0");
        }

        if (section.Roles.Length == 0)
        {
            folder.Error(ModelFile, Line("accounts.roles"), null, "accounts.roles is empty: committee coverage needs at least one role");
        }

        System.Linq.Expressions.ParameterExpression[] contactParameters =
            [.. WorkflowReader.ScoringParameters(), WorkflowReader.Param<ContactFacts>("card")];
        properties.CheckExpression(ModelFile, Line("accounts.engaged"), "accounts.engaged", section.Engaged, [.. contactParameters], model);
        properties.CheckExpression(ModelFile, Line("accounts.researching"), "accounts.researching", section.Researching, [.. contactParameters], model);
        var roleNames = new HashSet<string>(StringComparer.Ordinal);
        var contactRules = new List<Rule>
        {
            new() { RuleName = AccountModel.EngagedRule, Expression = section.Engaged, RuleExpressionType = RuleExpressionType.LambdaExpression },
            new() { RuleName = AccountModel.ResearchingRule, Expression = section.Researching, RuleExpressionType = RuleExpressionType.LambdaExpression },
        };
        for (var i = 0; i < section.Roles.Length; i++)
        {
            var role = section.Roles[i];
            var line = Line($"accounts.roles[{i}].name");
            if (!RoleName().IsMatch(role.Name))
            {
                folder.Error(ModelFile, line, null, $"accounts role \"{role.Name}\": names are lower case letters, digits and _ (rules call account.HasRole(\"name\"))");
            }
            else if (!roleNames.Add(role.Name))
            {
                folder.Error(ModelFile, line, null, $"accounts role \"{role.Name}\" is defined twice");
            }

            properties.CheckExpression(ModelFile, line, "role " + role.Name, role.When, [.. contactParameters], model);
            contactRules.Add(new Rule { RuleName = AccountModel.RolePrefix + role.Name, Expression = role.When, RuleExpressionType = RuleExpressionType.LambdaExpression });
        }

        var scoring = new List<AccountRule>();
        var tiers = new List<TierRule>();
        var engineRules = workflows.ReadWorkflow(file, "account", [WorkflowReader.Param<AccountFacts>("account")], model, (rule, json, line) =>
        {
            foreach (Match call in HasRoleCall().Matches(rule.Expression))
            {
                if (!roleNames.Contains(call.Groups[1].Value))
                {
                    folder.Error(file, line, rule.RuleName, $"HasRole(\"{call.Groups[1].Value}\"): no such role in model.json's accounts.roles ({string.Join(", ", roleNames)})");
                }
            }

            if (IsTier(json))
            {
                var props = properties.Deserialize<AccountTierPropertiesDocument>(file, line, rule.RuleName, json);
                if (props is not null && properties.TryParseSla(file, line, rule.RuleName, props.Sla, out var sla) && rule.Enabled)
                {
                    tiers.Add(new TierRule(rule.RuleName, rule.Expression, props.Tier, sla, props.Sla, props.SalesAction, props.MarketingAction, props.Kpi, false, false));
                }

                return;
            }

            var scoringProps = properties.Deserialize<AccountScoringPropertiesDocument>(file, line, rule.RuleName, json);
            if (scoringProps is null)
            {
                return;
            }

            properties.CheckAccountScoring(file, line, rule.RuleName, scoringProps);
            if (rule.Enabled)
            {
                scoring.Add(new AccountRule(rule.RuleName, rule.Expression, scoringProps.Points, scoringProps.Reason));
            }
        });

        if (engineRules is null || folder.Problems.Count > errors)
        {
            return null;
        }

        if (tiers.Count == 0)
        {
            folder.Error(file, null, null, "no account tier rules (rules with a \"tier\" property): every account needs a tier");
            return null;
        }

        var tierNames = tiers.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var workflowList = new List<Workflow>
        {
            new() { WorkflowName = AccountModel.ContactWorkflow, Rules = contactRules },
            new() { WorkflowName = AccountModel.TierWorkflow, Rules = engineRules.Where(r => tierNames.Contains(r.RuleName)).ToList() },
        };

        // RulesEngine refuses a workflow with no rules; a model may score accounts by tiers alone.
        var scoringRules = engineRules.Where(r => !tierNames.Contains(r.RuleName)).ToList();
        workflowList.Add(new Workflow
        {
            WorkflowName = AccountModel.ScoringWorkflow,
            Rules = scoringRules.Count > 0 ? scoringRules : [new Rule { RuleName = "account.none", Expression = "false", RuleExpressionType = RuleExpressionType.LambdaExpression }],
        });
        if (scoringRules.Count == 0)
        {
            scoring.Add(new AccountRule("account.none", "false", 0, ""));
        }

        return new AccountModel(section.FreeMailList, section.Cap, section.Engaged, section.Researching,
            section.Roles.Select(r => new AccountRole(r.Name, r.Label, r.When)).ToList(), scoring, tiers, workflowList);
    }
}
