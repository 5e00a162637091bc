using System.Linq.Expressions;
using System.Text.Json;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Tiers;
using RulesEngine.Models;

namespace RuleScoring.Core.Rules;

/// <summary>
/// Reads the workflow files (fit, intent, behavior, tiers and account.json's rules): the envelope,
/// the number of rules, each rule's name (unique across the folder), and which rules are disabled;
/// each rule's properties are left to <see cref="RuleProperties"/>.
/// </summary>
internal sealed class WorkflowReader(RuleFolder folder, RuleProperties properties)
{
    /// <summary>Receives one rule with its Properties and the line of its RuleName.</summary>
    public delegate void PropertiesReader(RuleDocument rule, JsonElement properties, int? line);

    private readonly Dictionary<string, string> _ruleFiles = new(StringComparer.Ordinal);

    public List<string> DisabledRules { get; } = [];

    public static ParameterExpression[] ScoringParameters() => [Param<LeadFacts>("lead"), Param<SignalSet>("signals"), Param<ModelLists>("lists")];

    public static ParameterExpression Param<T>(string name) => Expression.Parameter(typeof(T), name);

    public (List<ScoringRule> Rules, Workflow? Workflow) ReadScoringWorkflow(string dimension, LoadedModel model)
    {
        var file = dimension + ".json";
        var rules = new List<ScoringRule>();
        var engineRules = ReadWorkflow(file, dimension, ScoringParameters(), model, (rule, json, line) =>
        {
            var props = properties.Deserialize<ScoringPropertiesDocument>(file, line, rule.RuleName, json);
            if (props is null)
            {
                return;
            }

            var scoring = properties.ToScoringRule(file, line, dimension, rule, props, model);
            if (scoring is not null && rule.Enabled)
            {
                rules.Add(scoring);
            }
        });
        return (rules, engineRules is null ? null : new Workflow { WorkflowName = dimension, Rules = engineRules });
    }

    public (List<TierRule> Rules, Workflow? Workflow) ReadTierWorkflow()
    {
        const string file = RuleSetLoader.TiersFile;
        var rules = new List<TierRule>();
        var engineRules = ReadWorkflow(file, "tiers", [Param<TierFacts>("card")], null, (rule, json, line) =>
        {
            var props = properties.Deserialize<TierPropertiesDocument>(file, line, rule.RuleName, json);
            if (props is null)
            {
                return;
            }

            if (!properties.TryParseSla(file, line, rule.RuleName, props.Sla, out var sla)
                || !properties.TryParseSlaClock(file, line, rule.RuleName, props.SlaClock, sla, out var clock))
            {
                return;
            }

            if (rule.Enabled)
            {
                rules.Add(new TierRule(rule.RuleName, rule.Expression, props.Tier, sla, props.Sla, props.SalesAction, props.MarketingAction, props.Kpi, props.Mql, props.Sql)
                {
                    Clock = clock,
                });
            }
        });

        if (engineRules is not null && rules.Count == 0 && !folder.Problems.Any(p => p.File == file))
        {
            folder.Error(file, null, null, "no tier rules: every card needs a tier");
        }

        return (rules, engineRules is null ? null : new Workflow { WorkflowName = "tiers", Rules = engineRules });
    }

    /// <summary>
    /// When model.json does not load, fit/intent/behavior.json are still read for what they hold on
    /// their own (JSON, properties, expressions that parse, allowed members), so one validate run
    /// names every file's problems; names model.json defines are checked once it loads.
    /// </summary>
    public void ReadScoringWorkflowsWithoutModel()
    {
        foreach (var dimension in RuleSetLoader.DimensionNames)
        {
            var file = dimension + ".json";
            ReadWorkflow(file, dimension, ScoringParameters(), null,
                (rule, json, line) => properties.Deserialize<ScoringPropertiesDocument>(file, line, rule.RuleName, json));
        }

        folder.Problems.Add(new RuleProblem(RuleProblemSeverity.Warning, RuleSetLoader.ModelFile, null, null,
            "does not load, so the other files were checked on their own: signal types, lists and decay profiles they name are checked once it loads"));
    }

    /// <summary>account.json's own problems when model.json (which holds its accounts section) does not load.</summary>
    public void ReadAccountFileWithoutModel()
    {
        var file = AccountModel.File;
        if (!folder.Has(file))
        {
            return;
        }

        ReadWorkflow(file, "account", [Param<AccountFacts>("account")], null, (rule, json, line) =>
        {
            if (AccountModelReader.IsTier(json))
            {
                properties.Deserialize<AccountTierPropertiesDocument>(file, line, rule.RuleName, json);
            }
            else
            {
                properties.Deserialize<AccountScoringPropertiesDocument>(file, line, rule.RuleName, json);
            }
        });
    }

    public List<Rule>? ReadWorkflow(string file, string workflowName, ParameterExpression[] parameters, LoadedModel? model, PropertiesReader readProperties)
    {
        var doc = folder.Deserialize<WorkflowDocument>(file, RuleFolder.PascalCase);
        if (doc is null)
        {
            return null;
        }

        if (doc.WorkflowName != workflowName)
        {
            folder.Error(file, folder.LineOf(file, "WorkflowName"), null, $"WorkflowName is \"{doc.WorkflowName}\"; in {file} it must be \"{workflowName}\"");
        }

        // Each rule is parsed, guarded, compiled and run on every lead: a workflow of tens of
        // thousands is a way to stall validate and every tick, not a model anyone reviews.
        if (doc.Rules.Length > RuleSetLoader.MaxRulesPerWorkflow)
        {
            folder.Error(file, folder.LineOf(file, "Rules"), null, $"{doc.Rules.Length:N0} rules, over the {RuleSetLoader.MaxRulesPerWorkflow:N0} a workflow may hold");
            return null;
        }

        var engineRules = new List<Rule>();
        for (var i = 0; i < doc.Rules.Length; i++)
        {
            var element = doc.Rules[i];
            var line = folder.RuleLine(file, i);
            var label = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("RuleName", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()!
                : $"#{i + 1}";
            RuleDocument? rule;
            try
            {
                rule = element.Deserialize<RuleDocument>(RuleFolder.PascalCase);
            }
            catch (JsonException ex)
            {
                folder.Error(file, line, label, JsonErrorText.Friendly(ex));
                continue;
            }

            if (rule is null)
            {
                folder.Error(file, null, label, "rule is null");
                continue;
            }

            if (string.IsNullOrWhiteSpace(rule.RuleName))
            {
                folder.Error(file, line, label, "RuleName is empty");
                continue;
            }

            if (_ruleFiles.TryGetValue(rule.RuleName, out var firstFile))
            {
                folder.Error(file, line, rule.RuleName, $"duplicate RuleName (also defined in {firstFile}); reason codes must be unique");
            }
            else
            {
                _ruleFiles[rule.RuleName] = file;
            }

            properties.CheckExpression(file, line, rule.RuleName, rule.Expression, parameters, model);
            readProperties(rule, rule.Properties, line);
            if (!rule.Enabled)
            {
                DisabledRules.Add(rule.RuleName);
            }
            else
            {
                engineRules.Add(new Rule { RuleName = rule.RuleName, Expression = rule.Expression, RuleExpressionType = RuleExpressionType.LambdaExpression });
            }
        }

        return engineRules;
    }
}
