using System.Text.Json;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Leads;

namespace RuleScoring.Core.Rules;

public static partial class RuleSetLoader
{
    private sealed partial class LoadContext
    {
        /// <summary>
        /// When model.json does not load, fit/intent/behavior.json are still read for what they hold on
        /// their own (JSON, properties, expressions that parse, allowed members), so one validate run
        /// names every file's problems; names model.json defines are checked once it loads.
        /// </summary>
        public void ReadScoringWorkflowsWithoutModel()
        {
            foreach (var dimension in DimensionNames)
            {
                var file = dimension + ".json";
                ReadWorkflow(file, dimension, [Param<LeadFacts>("lead"), Param<SignalSet>("signals"), Param<ModelLists>("lists")], null,
                    (rule, properties) => DeserializeProperties<ScoringPropertiesDocument>(file, rule.RuleName, properties));
            }

            Problems.Add(new RuleProblem(RuleProblemSeverity.Warning, ModelFile, null, null,
                "does not load, so the other files were checked on their own: signal types, lists and decay profiles they name are checked once it loads"));
        }

        /// <summary>account.json's own problems when model.json (which holds its accounts section) does not load.</summary>
        public void ReadAccountFileWithoutModel()
        {
            var file = AccountModel.File;
            if (!File.Exists(Path.Combine(directory, file)))
            {
                return;
            }

            ReadWorkflow(file, "account", [Param<AccountFacts>("account")], null, (rule, properties) =>
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("tier", out _))
                {
                    DeserializeProperties<AccountTierPropertiesDocument>(file, rule.RuleName, properties);
                }
                else
                {
                    DeserializeProperties<AccountScoringPropertiesDocument>(file, rule.RuleName, properties);
                }
            });
        }
    }
}
