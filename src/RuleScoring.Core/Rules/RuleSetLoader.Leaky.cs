using System.Linq.Expressions;

namespace RuleScoring.Core.Rules;

public static partial class RuleSetLoader
{
    private sealed partial class LoadContext
    {
        /// <summary>
        /// model.json's leakyFields are written during or after the sales process (a rep's tags, a
        /// lead quality grade): a rule that reads one scores the outcome, not the lead, and looks
        /// far better in replay than it will be on new leads. Validate refuses it.
        /// </summary>
        private void CheckLeakyFields(string file, int? line, string ruleName, Expression parsed, LoadedModel? model)
        {
            if (model is null)
            {
                return;
            }

            foreach (var field in LeakyFieldReads.Find(parsed, model.LeakyFields))
            {
                Error(file, line, ruleName,
                    $"Expression reads \"{field}\", which model.json's leakyFields declares leaky (written during or after the sales process): rules may not use it");
            }
        }

        private HashSet<string> ReadLeakyFields(ModelDocument doc)
        {
            var fields = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var field in doc.LeakyFields)
            {
                if (string.IsNullOrWhiteSpace(field))
                {
                    Error(ModelFile, LineOf(ModelFile, "\"leakyFields\""), null, "leakyFields holds an empty name");
                    continue;
                }

                fields.Add(field.Trim());
            }

            return fields;
        }
    }
}
