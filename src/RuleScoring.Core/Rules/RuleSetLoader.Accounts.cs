using System.Text.Json;
using System.Text.RegularExpressions;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Tiers;
using RulesEngine.Models;

namespace RuleScoring.Core.Rules;

public static partial class RuleSetLoader
{
    [GeneratedRegex(@"HasRole\(\s*""([^""]*)""\s*\)")]
    private static partial Regex HasRoleCall();

    [GeneratedRegex(@"^[a-z][a-z0-9_]*$")]
    private static partial Regex RoleName();

    private sealed partial class LoadContext
    {
        private static readonly HashSet<string> AccountPlaceholders =
            ["roles", "missing", "engaged", "researching", "contacts", "points", "bestFit", "bestIntent", "sumIntent"];

        /// <summary>model.json's accounts section and account.json, when the folder has them (both or neither).</summary>
        public AccountModel? ReadAccounts(LoadedModel model)
        {
            var file = AccountModel.File;
            var hasFile = File.Exists(Path.Combine(directory, file));
            var section = model.Accounts;
            if (section is null)
            {
                if (hasFile)
                {
                    // Typically left from a copy of another model: say what it means, not what is missing.
                    Error(file, null, null, $"{ModelFile} has no \"accounts\" section, so this model scores no accounts: delete {file}, or add the section (free-mail list, engaged, researching, roles) to score them");
                }

                return null;
            }

            var sectionLine = LineOf(ModelFile, "\"accounts\"");
            if (!hasFile)
            {
                Error(ModelFile, sectionLine, null, $"{ModelFile} has an \"accounts\" section but {file} is missing");
                return null;
            }

            var errors = Problems.Count;
            if (!model.ListNames.Contains(section.FreeMailList))
            {
                Error(ModelFile, LineOf(ModelFile, "\"freeMailList\""), null, $"accounts.freeMailList \"{section.FreeMailList}\" is not one of model.json's lists");
            }

            if (section.Cap <= 0)
            {
                Error(ModelFile, LineOf(ModelFile, "\"cap\"", section.Cap.ToString(System.Globalization.CultureInfo.InvariantCulture)), null, "accounts.cap must be greater than 0");
            }

            if (section.Roles.Length == 0)
            {
                Error(ModelFile, LineOf(ModelFile, "\"roles\""), null, "accounts.roles is empty: committee coverage needs at least one role");
            }

            System.Linq.Expressions.ParameterExpression[] contactParameters = [Param<LeadFacts>("lead"), Param<SignalSet>("signals"), Param<ModelLists>("lists"), Param<ContactFacts>("card")];
            CheckExpression(ModelFile, LineOf(ModelFile, "\"engaged\""), "accounts.engaged", section.Engaged, [.. contactParameters], model);
            CheckExpression(ModelFile, LineOf(ModelFile, "\"researching\""), "accounts.researching", section.Researching, [.. contactParameters], model);
            var roleNames = new HashSet<string>(StringComparer.Ordinal);
            var contactRules = new List<Rule>
            {
                new() { RuleName = AccountModel.EngagedRule, Expression = section.Engaged, RuleExpressionType = RuleExpressionType.LambdaExpression },
                new() { RuleName = AccountModel.ResearchingRule, Expression = section.Researching, RuleExpressionType = RuleExpressionType.LambdaExpression },
            };
            foreach (var role in section.Roles)
            {
                var line = LineOf(ModelFile, "\"name\"", $"\"{role.Name}\"");
                if (!RoleName().IsMatch(role.Name))
                {
                    Error(ModelFile, line, null, $"accounts role \"{role.Name}\": names are lower case letters, digits and _ (rules call account.HasRole(\"name\"))");
                }
                else if (!roleNames.Add(role.Name))
                {
                    Error(ModelFile, line, null, $"accounts role \"{role.Name}\" is defined twice");
                }

                CheckExpression(ModelFile, line, "role " + role.Name, role.When, [.. contactParameters], model);
                contactRules.Add(new Rule { RuleName = AccountModel.RolePrefix + role.Name, Expression = role.When, RuleExpressionType = RuleExpressionType.LambdaExpression });
            }

            var scoring = new List<AccountRule>();
            var tiers = new List<TierRule>();
            var engineRules = ReadWorkflow(file, "account", [Param<AccountFacts>("account")], model, (rule, properties) =>
            {
                var line = RuleLine(file, rule.RuleName);
                foreach (Match call in HasRoleCall().Matches(rule.Expression))
                {
                    if (!roleNames.Contains(call.Groups[1].Value))
                    {
                        Error(file, line, rule.RuleName, $"HasRole(\"{call.Groups[1].Value}\"): no such role in model.json's accounts.roles ({string.Join(", ", roleNames)})");
                    }
                }

                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("tier", out _))
                {
                    var props = DeserializeProperties<AccountTierPropertiesDocument>(file, rule.RuleName, properties);
                    if (props is not null && TryParseSla(file, rule.RuleName, props.Sla, out var sla) && rule.Enabled)
                    {
                        tiers.Add(new TierRule(rule.RuleName, rule.Expression, props.Tier, sla, props.Sla, props.SalesAction, props.MarketingAction, props.Kpi, false, false));
                    }

                    return;
                }

                var scoringProps = DeserializeProperties<AccountScoringPropertiesDocument>(file, rule.RuleName, properties);
                if (scoringProps is null)
                {
                    return;
                }

                if (scoringProps.Points == 0 || scoringProps.Points is < -1000 or > 1000)
                {
                    Error(file, line, rule.RuleName, $"points {scoringProps.Points} must be non-zero and between -1000 and 1000");
                }

                if (string.IsNullOrWhiteSpace(scoringProps.Reason))
                {
                    Error(file, line, rule.RuleName, "reason is empty: every account score must say why");
                }

                foreach (Match match in Placeholder().Matches(scoringProps.Reason))
                {
                    if (!AccountPlaceholders.Contains(match.Groups[1].Value))
                    {
                        Error(file, line, rule.RuleName, $"reason uses {{{match.Groups[1].Value}}}; account placeholders are {string.Join(", ", AccountPlaceholders.Select(p => "{" + p + "}"))}");
                    }
                }

                if (rule.Enabled)
                {
                    scoring.Add(new AccountRule(rule.RuleName, rule.Expression, scoringProps.Points, scoringProps.Reason));
                }
            });

            if (engineRules is null || Problems.Count > errors)
            {
                return null;
            }

            if (tiers.Count == 0)
            {
                Error(file, null, null, "no account tier rules (rules with a \"tier\" property): every account needs a tier");
                return null;
            }

            var tierNames = tiers.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            var workflows = new List<Workflow>
            {
                new() { WorkflowName = AccountModel.ContactWorkflow, Rules = contactRules },
                new() { WorkflowName = AccountModel.TierWorkflow, Rules = engineRules.Where(r => tierNames.Contains(r.RuleName)).ToList() },
            };

            // RulesEngine refuses a workflow with no rules; a model may score accounts by tiers alone.
            var scoringRules = engineRules.Where(r => !tierNames.Contains(r.RuleName)).ToList();
            workflows.Add(new Workflow
            {
                WorkflowName = AccountModel.ScoringWorkflow,
                Rules = scoringRules.Count > 0 ? scoringRules : [new Rule { RuleName = "account.none", Expression = "false", RuleExpressionType = RuleExpressionType.LambdaExpression }],
            });
            if (scoringRules.Count == 0)
            {
                scoring.Add(new AccountRule("account.none", "false", 0, ""));
            }

            return new AccountModel(section.FreeMailList, section.Cap, section.Engaged, section.Researching,
                section.Roles.Select(r => new AccountRole(r.Name, r.Label, r.When)).ToList(), scoring, tiers, workflows);
        }
    }
}
