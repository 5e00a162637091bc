using System.Text.Json;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Governance;

/// <summary>
/// The differ's second look: the files' JSON, property by property, for whatever the typed
/// comparisons do not cover. A description is named as one; a disabled rule added or removed is
/// named as such; anything else is "changed: &lt;property&gt;", classed as if it moved scores,
/// because nothing here knows that it does not.
/// </summary>
internal static class RuleSetContentDiffer
{
    /// <summary>model.json paths the typed comparisons cover, with everything under them ("*" is any one key or index).</summary>
    private static readonly string[][] ModelCovered =
    [
        ["name"], ["version"], ["motions"], ["defaultMotion"], ["lists"], ["governance"],
        ["dimensions", "*", "cap"], ["dimensions", "*", "decay"],
        ["decayProfiles", "*", "steps"], ["decayProfiles", "*", "otherwise"],
        ["signals", "*", "description"], ["signals", "*", "groups"],
        ["reports", "highFit"], ["reports", "highIntent"],
        ["accounts", "freeMailList"], ["accounts", "cap"], ["accounts", "engaged"], ["accounts", "researching"],
        ["accounts", "roles", "*", "name"], ["accounts", "roles", "*", "when"],
    ];

    /// <summary>model.json entries whose arrival or removal the typed comparisons report (not what is under them).</summary>
    private static readonly string[][] ModelCoveredWhole =
    [
        ["dimensions", "*"], ["decayProfiles", "*"], ["signals", "*"], ["reports"], ["accounts"], ["accounts", "roles"],
    ];

    public static void Compare(RuleSet @base, RuleSet head, List<RuleChange> changes)
    {
        var found = new List<RuleChange>();
        // Covered differences: reported by the typed comparisons, unless those found nothing at all.
        var covered = new List<RuleChange>();
        foreach (var file in Files(@base, head))
        {
            var before = Content(@base, file);
            var after = Content(head, file);
            if (file == RuleSetLoader.ModelFile)
            {
                CompareModel(before, after, found, covered);
            }
            else if (file is Routing.RoutingModel.File or Routing.TeamModel.File or Routing.PlayBook.File)
            {
                CompareWhole(file, before, after, found, ChangeArea.Routing, ChangeClass.Routing);
            }
            else if (file == Webhooks.WebhookSettings.File)
            {
                CompareWhole(file, before, after, found, ChangeArea.Webhooks, ChangeClass.Delivery);
            }
            else
            {
                CompareWorkflow(file, @base, head, before, after, found, covered);
            }
        }

        changes.AddRange(found);
        if (changes.Count == 0 && !string.Equals(@base.Identity.Hash, head.Identity.Hash, StringComparison.Ordinal))
        {
            // The same values written differently ("Enabled": true, a decay equal to the dimension's):
            // the loader reads them alike, but name them rather than call the change harmless.
            changes.AddRange(covered.Count > 0
                ? covered
                : [new RuleChange(ChangeArea.Model, "model", "changed: content", @base.Identity.Hash, head.Identity.Hash, ChangeClass.Weights)]);
        }
    }

    private static IEnumerable<string> Files(RuleSet @base, RuleSet head)
    {
        string[] order = [RuleSetLoader.ModelFile, .. RuleSetLoader.DimensionNames.Select(d => d + ".json"), RuleSetLoader.TiersFile, AccountModel.File];
        return @base.Content.Keys.Union(head.Content.Keys, StringComparer.Ordinal)
            .OrderBy(f => Array.IndexOf(order, f) is var i and >= 0 ? i : order.Length)
            .ThenBy(f => f, StringComparer.Ordinal);
    }

    /// <summary>
    /// A file judged whole, every difference named in its own class: routing, teams and plays
    /// (<see cref="ChangeClass.Routing"/>), webhooks.json (<see cref="ChangeClass.Delivery"/>: where lead
    /// data goes). A signing secret written in the file is never shown, only that it changed.
    /// </summary>
    private static void CompareWhole(string file, JsonElement? before, JsonElement? after, List<RuleChange> found, ChangeArea area, ChangeClass changeClass)
    {
        if (before is null || after is null)
        {
            found.Add(new RuleChange(area, file, before is null ? "added" : "removed", null, null, changeClass));
            return;
        }

        foreach (var difference in ContentDelta.Between(WithoutSchema(before), WithoutSchema(after)))
        {
            var secret = difference.Path.Any(p => p.Equals("secret", StringComparison.OrdinalIgnoreCase));
            found.Add(new RuleChange(area, file, IsDescription(difference.Path) ? "description" : "changed: " + difference.Display,
                secret ? Hidden(difference.Before) : difference.Before, secret ? Hidden(difference.After) : difference.After,
                IsDescription(difference.Path) ? ChangeClass.Weights : changeClass));
        }
    }

    private static string? Hidden(string? value) => value is null ? null : "(secret, not shown)";

    private static JsonElement? Content(RuleSet rules, string file) =>
        rules.Content.TryGetValue(file, out var content) ? content : null;

    private static void CompareModel(JsonElement? before, JsonElement? after, List<RuleChange> found, List<RuleChange> covered)
    {
        foreach (var difference in ContentDelta.Between(WithoutSchema(before), WithoutSchema(after)))
        {
            var path = difference.Path;
            var isCovered = ModelCovered.Any(p => Matches(p, path, under: true)) || ModelCoveredWhole.Any(p => Matches(p, path, under: false));
            var change = new RuleChange(ChangeArea.Model, "model", isCovered || !IsDescription(path) ? "changed: " + difference.Display : difference.Display,
                difference.Before, difference.After, ChangeClass.Weights);
            (isCovered ? covered : found).Add(change);
        }
    }

    private static void CompareWorkflow(string file, RuleSet @base, RuleSet head, JsonElement? before, JsonElement? after, List<RuleChange> found, List<RuleChange> covered)
    {
        if (before is null || after is null)
        {
            // account.json arriving or leaving: the typed comparisons report the account model added or removed.
            covered.Add(new RuleChange(ChangeArea.Model, file, before is null ? "added" : "removed", null, null, ChangeClass.Weights));
            return;
        }

        var envelopeBefore = WithoutSchema(before);
        var envelopeAfter = WithoutSchema(after);
        foreach (var difference in ContentDelta.Between(envelopeBefore, envelopeAfter).Where(d => d.Path.Count == 0 || d.Path[0] != "Rules"))
        {
            var isCovered = difference.Path is ["WorkflowName", ..];
            (isCovered ? covered : found).Add(new RuleChange(ChangeArea.Model, file, IsDescription(difference.Path) && !isCovered ? "description" : "changed: " + difference.Display,
                difference.Before, difference.After, ChangeClass.Weights));
        }

        var rulesBefore = RulesByName(envelopeBefore);
        var rulesAfter = RulesByName(envelopeAfter);
        foreach (var name in rulesBefore.Keys.Concat(rulesAfter.Keys).Distinct(StringComparer.Ordinal))
        {
            JsonElement? old = rulesBefore.TryGetValue(name, out var o) ? o : null;
            JsonElement? rule = rulesAfter.TryGetValue(name, out var r) ? r : null;
            var typedBefore = Typed(@base, file, name);
            var typedAfter = Typed(head, file, name);
            var area = file == RuleSetLoader.TiersFile || IsAccountTier(file, old) || IsAccountTier(file, rule) ? ChangeArea.TierRule : ChangeArea.ScoringRule;
            var changeClass = ClassOf(file, @base, head, name);
            if (old is null || rule is null)
            {
                // An enabled rule arriving or leaving is the typed comparisons' "added", "removed", "enabled" or "disabled".
                if (typedBefore || typedAfter)
                {
                    continue;
                }

                found.Add(new RuleChange(area, name, old is null ? "added (disabled)" : "removed (disabled)",
                    ContentDelta.Show(Property(old, "Expression")), ContentDelta.Show(Property(rule, "Expression")), changeClass));
                continue;
            }

            var comparedBothSides = typedBefore && typedAfter;
            foreach (var difference in ContentDelta.Between(old, rule))
            {
                var path = difference.Path;
                var isCovered = path is ["Enabled", ..] || (comparedBothSides && Compared(file, path));
                var field = !isCovered && IsDescription(path) ? "description" : "changed: " + difference.Display;
                (isCovered ? covered : found).Add(new RuleChange(area, name, field, difference.Before, difference.After,
                    IsDescription(path) ? ChangeClass.Weights : changeClass));
            }
        }
    }

    /// <summary>Whether the typed comparisons compare this part of a rule present, and enabled, on both sides.</summary>
    private static bool Compared(string file, IReadOnlyList<string> path)
    {
        if (path is ["RuleName", ..] or ["Expression", ..])
        {
            return true;
        }

        if (path is not ["Properties", var property, ..])
        {
            return false;
        }

        IEnumerable<string?> properties = file == RuleSetLoader.TiersFile ? RuleSetDiffer.TierFields.Select(f => f.Property)
            : file == AccountModel.File ? RuleSetDiffer.TierFields.Select(f => f.Property).Concat(RuleSetDiffer.AccountScoringFields.Select(f => f.Property))
            : RuleSetDiffer.ScoringFields.Select(f => f.Property);
        return properties.Contains(property, StringComparer.Ordinal);
    }

    /// <summary>The rule is in the loaded rule set (enabled), so the typed comparisons saw it.</summary>
    private static bool Typed(RuleSet rules, string file, string name) =>
        file == RuleSetLoader.TiersFile ? rules.TierRules.Any(r => r.Name == name)
        : file == AccountModel.File ? rules.Accounts is { } accounts && (accounts.Rules.Any(r => r.Name == name) || accounts.TierRules.Any(r => r.Name == name))
        : rules.ScoringRules.Any(r => r.Name == name);

    private static ChangeClass ClassOf(string file, RuleSet @base, RuleSet head, string name)
    {
        if (file == RuleSetLoader.TiersFile || file == AccountModel.File)
        {
            return ChangeClass.Thresholds;
        }

        var disqualifier = RuleSetDiffer.IsDisqualifier(@base.ScoringRules.FirstOrDefault(r => r.Name == name))
            || RuleSetDiffer.IsDisqualifier(head.ScoringRules.FirstOrDefault(r => r.Name == name));
        return disqualifier ? ChangeClass.Disqualifiers : ChangeClass.Weights;
    }

    private static bool IsAccountTier(string file, JsonElement? rule) =>
        file == AccountModel.File && Property(rule, "Properties") is { } properties && AccountModelReader.IsTier(properties);

    private static bool IsDescription(IReadOnlyList<string> path) =>
        path.Count > 0 && path[^1].Equals("description", StringComparison.OrdinalIgnoreCase);

    /// <summary>Rules by RuleName (the first of a name: the loader refuses a second).</summary>
    private static Dictionary<string, JsonElement> RulesByName(JsonElement? workflow)
    {
        var rules = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (Property(workflow, "Rules") is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var rule in array.EnumerateArray())
            {
                if (Property(rule, "RuleName") is { ValueKind: JsonValueKind.String } name)
                {
                    rules.TryAdd(name.GetString()!, rule);
                }
            }
        }

        return rules;
    }

    private static JsonElement? Property(JsonElement? element, string name) =>
        element is { } e ? ContentDelta.Property(e, name) : null;

    /// <summary>A file's content without its top-level "$schema", which the content hash leaves out too.</summary>
    private static JsonElement? WithoutSchema(JsonElement? file)
    {
        if (file is not { ValueKind: JsonValueKind.Object } content || !content.TryGetProperty(ContentHash.SchemaProperty, out _))
        {
            return file;
        }

        var copy = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in content.EnumerateObject().Where(p => p.Name != ContentHash.SchemaProperty))
        {
            copy[property.Name] = property.Value;
        }

        return JsonSerializer.SerializeToElement(copy);
    }

    private static bool Matches(string[] pattern, IReadOnlyList<string> path, bool under)
    {
        if (path.Count < pattern.Length || (!under && path.Count != pattern.Length))
        {
            return false;
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != "*" && !string.Equals(pattern[i], path[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
