using System.Globalization;
using System.Text.RegularExpressions;
using System.Text;
using RuleScoring.Core.Governance;
using RuleScoring.Core.Output;
using RuleScoring.Core.Rules;

namespace RuleScoring.Replay.Calibration;

/// <summary>
/// calibrate --write: puts the firm suggestions into the rule files by editing only each rule's
/// "points" value (the rest of the file, layout included, stays as it was: a reviewable diff),
/// bumps the model's minor version and drafts a CHANGELOG.md entry whose approvals are left for
/// the reviewers, so validate --base fails until they sign.
/// </summary>
internal static partial class RulesWriter
{
    public static IReadOnlyList<string> Write(string rulesDirectory, RuleSet rules, IReadOnlyList<RuleSuggestion> suggestions, CalibrationReport report, DateTimeOffset today,
        bool allowSignFlips)
    {
        var changed = suggestions.Where(s => s.Writes(allowSignFlips)).ToList();
        if (changed.Count == 0)
        {
            return [];
        }

        var lines = RewritePoints(rulesDirectory, rulesDirectory, rules, changed);
        var model = Path.Combine(rulesDirectory, RuleSetLoader.ModelFile);
        var next = SemanticVersion.NextMinor(rules.Identity.Version);
        var modelText = File.ReadAllText(model);
        var version = VersionValue().Match(modelText);
        if (version.Success)
        {
            File.WriteAllText(model, modelText[..version.Groups["value"].Index] + next + modelText[(version.Groups["value"].Index + version.Groups["value"].Length)..]);
        }

        var changelog = Path.Combine(rulesDirectory, Changelog.FileName);
        if (File.Exists(changelog))
        {
            var entry = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"## {next} — {today:yyyy-MM-dd}")
                .AppendLine(CultureInfo.InvariantCulture, $"Points recalibrated from {report.Deals:N0} closed deals ({report.Won:N0} won) by `rulescore calibrate` (regularised logistic regression on which rules fired):")
                .AppendJoin(Environment.NewLine, changed.Select(c => string.Create(CultureInfo.InvariantCulture, $"- {MarkdownText.Code(c.Rule)}: {c.CurrentPoints:0.##} -> {c.SuggestedPoints:0.##}"))).AppendLine()
                .AppendLine("Approved-by: ")
                .AppendLine("Replay: run `rulescore replay --base <this branch's base>` and paste its headline here.")
                .AppendLine();
            var old = File.ReadAllText(changelog);
            var firstEntry = old.IndexOf("\n## ", StringComparison.Ordinal);
            File.WriteAllText(changelog, firstEntry < 0 ? old + Environment.NewLine + entry : old[..(firstEntry + 1)] + entry + old[(firstEntry + 1)..]);
        }

        return lines;
    }

    /// <summary>
    /// Writes <paramref name="from"/>'s rule files with the points of <paramref name="changed"/> into
    /// <paramref name="to"/> (the same folder for --write, a scratch copy to score the suggestions),
    /// touching nothing but each rule's "points" value.
    /// </summary>
    /// <returns>One "rule: old -> new" line per rule changed.</returns>
    internal static List<string> RewritePoints(string from, string to, RuleSet rules, IReadOnlyCollection<RuleSuggestion> changed)
    {
        var lines = new List<string>();
        foreach (var group in changed.GroupBy(s => rules.ScoringRules.First(r => r.Name == s.Rule).File, StringComparer.Ordinal))
        {
            var path = Path.Combine(from, Path.GetFileName(group.Key));
            var text = File.ReadAllText(path);
            foreach (var suggestion in group)
            {
                var at = text.IndexOf($"\"RuleName\": \"{suggestion.Rule}\"", StringComparison.Ordinal);
                var points = at < 0 ? Match.Empty : PointsValue().Match(text, at);
                if (!points.Success)
                {
                    throw new InvalidOperationException($"{path}: cannot find the points of rule '{suggestion.Rule}' to rewrite; edit it by hand");
                }

                var value = points.Groups["value"];
                text = text[..value.Index] + suggestion.SuggestedPoints.ToString("0.##", CultureInfo.InvariantCulture) + text[(value.Index + value.Length)..];
                lines.Add($"{suggestion.Rule}: {suggestion.CurrentPoints:0.##} -> {suggestion.SuggestedPoints:0.##}");
            }

            File.WriteAllText(Path.Combine(to, Path.GetFileName(group.Key)), text);
        }

        return lines;
    }

    [GeneratedRegex("\"points\"\\s*:\\s*(?<value>-?[0-9]+(\\.[0-9]+)?)")]
    private static partial Regex PointsValue();

    [GeneratedRegex("\"version\"\\s*:\\s*\"(?<value>[^\"]+)\"")]
    private static partial Regex VersionValue();
}
