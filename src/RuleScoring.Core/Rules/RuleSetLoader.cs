using RuleScoring.Core.Accounts;
using RuleScoring.Core.Routing;
using RuleScoring.Core.Tiers;
using RulesEngine.Models;

namespace RuleScoring.Core.Rules;

/// <summary>
/// Reads a rules folder (model.json, fit.json, intent.json, behavior.json, tiers.json) into a
/// <see cref="RuleSet"/>, collecting every problem rather than stopping at the first, each
/// with its file, line where we can find it, and rule. The checks live by what they check:
/// <see cref="ModelReader"/> (model.json), <see cref="WorkflowReader"/> (workflow files, rule names,
/// limits), <see cref="RuleProperties"/> (expressions and properties), <see cref="AccountModelReader"/>
/// (the account model) and <see cref="RuleFolder"/> (the files, their lines and the problems found).
/// </summary>
public static class RuleSetLoader
{
    public const string ModelFile = "model.json";
    public const string TiersFile = "tiers.json";

    /// <summary>The three dimensions every model scores, each from the workflow file of the same name.</summary>
    public static readonly IReadOnlyList<string> DimensionNames = ["fit", "intent", "behavior"];

    /// <summary>The most rules one workflow file may hold (the shipped model's largest has under 40).</summary>
    public const int MaxRulesPerWorkflow = 500;

    /// <summary>Loads and validates; throws <see cref="RuleSetException"/> listing every error when the folder is not usable.</summary>
    public static RuleSet Load(string directory)
    {
        var result = Validate(directory);
        return result.RuleSet ?? throw new RuleSetException(directory, result.Problems);
    }

    public static RuleSetLoadResult Validate(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var folder = new RuleFolder(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            folder.Error(directory, null, null, "rules folder not found");
            return new RuleSetLoadResult(null, folder.Problems);
        }

        if (RulesFile.FolderRefusal(directory) is { } tooLarge)
        {
            folder.Error(directory, null, null, tooLarge);
            return new RuleSetLoadResult(null, folder.Problems);
        }

        var properties = new RuleProperties(folder);
        var workflowReader = new WorkflowReader(folder, properties);
        var model = ModelReader.Read(folder);
        var dimensions = new List<DimensionModel>();
        var workflows = new List<Workflow>();
        AccountModel? accounts = null;
        if (model is not null)
        {
            foreach (var dimension in DimensionNames)
            {
                var (rules, workflow) = workflowReader.ReadScoringWorkflow(dimension, model);
                if (workflow is not null && model.Dimensions.TryGetValue(dimension, out var doc) && model.DecayProfiles.TryGetValue(doc.Decay, out var decay))
                {
                    dimensions.Add(new DimensionModel(dimension, doc.Cap, decay, rules));
                    workflows.Add(workflow);
                }
            }
        }
        else
        {
            // Every file's own problems in this run, not one file per round.
            workflowReader.ReadScoringWorkflowsWithoutModel();
        }

        var (tierRules, tierWorkflow) = workflowReader.ReadTierWorkflow();
        if (tierWorkflow is not null)
        {
            workflows.Add(tierWorkflow);
        }

        if (model is not null)
        {
            accounts = AccountModelReader.Read(folder, workflowReader, properties, model);
        }
        else
        {
            workflowReader.ReadAccountFileWithoutModel();
        }

        // Routing, teams and plays name tiers and reason codes: checked against them only when the
        // files above read cleanly (otherwise every name would echo their errors).
        var clean = !folder.HasErrors && model is not null;
        var tierNames = clean ? tierRules.Select(t => t.Tier).ToHashSet(StringComparer.Ordinal) : [];
        var routing = RoutingModelReader.Read(folder, workflowReader, properties, model, tierNames);
        var reasonCodes = clean
            ? dimensions.SelectMany(d => d.Rules).Select(r => r.Name).Concat(workflowReader.DisabledRules).ToHashSet(StringComparer.Ordinal)
            : [];
        var plays = RoutingModelReader.ReadPlays(folder, reasonCodes, tierNames);
        CheckSlaClocks(folder, tierRules, routing);

        if (model is not null && !folder.HasErrors)
        {
            // Whole-model checks, once every rule reads on its own (otherwise they only echo those errors).
            folder.Problems.AddRange(TierCoverage.Check(tierRules, model.Motions, model.Dimensions.ToDictionary(d => d.Key, d => d.Value.Cap),
                dimensions.SelectMany(d => d.Rules).Select(r => r.Name).ToHashSet(StringComparer.Ordinal), rule => folder.RuleLine(TiersFile, rule)));
            folder.Problems.AddRange(UnusedSignals.Check(model.Signals.Keys, model.SignalGroups, dimensions.SelectMany(d => d.Rules),
                type => folder.LineOf(ModelFile, $"signals.{type}")));
        }

        if (folder.HasErrors || model is null)
        {
            return new RuleSetLoadResult(null, folder.Problems);
        }

        var identity = new RuleSetIdentity(model.Name, model.Version, ContentHash.Compute(folder.CanonicalFiles));
        var ruleSet = new RuleSet(
            identity,
            Path.GetFullPath(directory),
            dimensions,
            model.Motions.ToDictionary(m => m.Key, m => (IReadOnlyDictionary<string, decimal>)m.Value, StringComparer.Ordinal),
            model.DefaultMotion,
            model.DecayProfiles,
            model.Signals.ToDictionary(s => s.Key, s => s.Value.Description, StringComparer.Ordinal),
            model.SignalGroups,
            model.Lists,
            tierRules,
            workflows,
            folder.Problems)
        {
            Governance = model.Governance,
            DisabledRules = workflowReader.DisabledRules,
            Accounts = accounts,
            Routing = routing,
            Plays = plays,
            Reports = model.Reports is { } reports ? new ReportThresholds(reports.HighFit, reports.HighIntent) : null,
            Bands = model.Bands,
            LeakyFields = model.LeakyFields,
            Content = WithConfiguration(directory, folder.CanonicalFiles.ToDictionary(f => f.FileName, f => System.Text.Json.JsonSerializer.SerializeToElement(f.Content), StringComparer.Ordinal)),
        };
        return new RuleSetLoadResult(ruleSet, folder.Problems);
    }

    /// <summary>
    /// Adds webhooks.json (where lead data is pushed) for the differ to review. It is configuration,
    /// not model: left out of the hash, so re-pointing a subscription rescores nothing, but a change
    /// to it is still named and approved. A file that does not parse is validate's to report.
    /// </summary>
    private static Dictionary<string, System.Text.Json.JsonElement> WithConfiguration(string directory, Dictionary<string, System.Text.Json.JsonElement> content)
    {
        if (RulesFile.TryReadText(directory, Webhooks.WebhookSettings.File, out var text, out _))
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(text);
                content[Webhooks.WebhookSettings.File] = document.RootElement.Clone();
            }
            catch (System.Text.Json.JsonException)
            {
                // Not reviewable as JSON; `rulescore validate` names the line.
            }
        }

        return content;
    }

    /// <summary>
    /// A business-hours SLA counts the assigned rep's hours: without teams.json, or in a tier
    /// teams.json does not route, there is never a rep, so it runs on the wall clock. A warning,
    /// as for routing's other names of a file that is not there (yet): probably not what the
    /// author meant, but nothing breaks.
    /// </summary>
    private static void CheckSlaClocks(RuleFolder folder, IReadOnlyList<TierRule> tierRules, RoutingModel? routing)
    {
        foreach (var tier in tierRules.Where(t => t.Clock == SlaClock.Business))
        {
            if (!folder.Has(TeamModel.File))
            {
                folder.Problems.Add(new RuleProblem(RuleProblemSeverity.Warning, TiersFile, folder.RuleLine(TiersFile, tier.Name), tier.Name,
                    $"slaClock \"business\" counts the assigned rep's working hours, but there is no {TeamModel.File} (and {RoutingModel.File}) to assign one: its SLA always runs on the wall clock"));
            }
            else if (routing is not null && !routing.Teams.RoutedTiers.Contains(tier.Tier))
            {
                folder.Problems.Add(new RuleProblem(RuleProblemSeverity.Warning, TiersFile, folder.RuleLine(TiersFile, tier.Name), tier.Name,
                    $"slaClock \"business\": tier {tier.Tier} is not in {TeamModel.File}'s routedTiers, so no rep is assigned and its SLA always runs on the wall clock"));
            }
        }
    }
}
