using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;

namespace RuleScoring.Replay.Calibration;

/// <summary>
/// Scores deals with the points calibrate would write, through the real loader and engine (a
/// scratch copy of the rules folder with only the points changed), so the tiers and the held-out
/// AUC it reports are those of the rule files a reviewer would get.
/// </summary>
internal static class SuggestedPoints
{
    public static RuleSet Load(string rulesDirectory, RuleSet rules, IReadOnlyCollection<RuleSuggestion> changed)
    {
        if (changed.Count == 0)
        {
            return rules;
        }

        var scratch = Directory.CreateTempSubdirectory("rulescore-calibrate-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(rulesDirectory))
            {
                File.Copy(file, Path.Combine(scratch, Path.GetFileName(file)));
            }

            RulesWriter.RewritePoints(rulesDirectory, scratch, rules, changed);
            return RuleSetLoader.Load(scratch);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Each tier's deals under <paramref name="before"/> and <paramref name="after"/>, tiers in name order.</summary>
    public static IReadOnlyList<TierShift> Tiers(RuleSet rules, IReadOnlyList<ScoreCard> before, IReadOnlyList<ScoreCard> after)
    {
        var names = rules.TierRules.Select(t => t.Tier).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var count = Math.Max(1, before.Count);
        return names.Select(tier =>
        {
            var b = before.Count(c => c.Tier?.Tier == tier);
            var a = after.Count(c => c.Tier?.Tier == tier);
            return new TierShift(tier, b, a, b / (double)count, a / (double)count);
        }).ToList();
    }

    /// <summary>A tier the suggested points empty, and a top tier (the first by name) pushed past <paramref name="capacity"/>.</summary>
    public static IReadOnlyList<string> Warnings(RuleSet rules, IReadOnlyList<TierShift> tiers, double capacity)
    {
        var warnings = new List<string>();
        foreach (var t in tiers.Where(t => t.Before > 0 && t.After == 0))
        {
            var volume = rules.TierRules.Where(r => r.Tier == t.Tier).ToList() switch
            {
                var r when r.Any(x => x.Sql) => " (SQL volume to 0)",
                var r when r.Any(x => x.Mql) => " (MQL volume to 0)",
                _ => "",
            };
            warnings.Add($"tier {t.Tier} is emptied: {t.Before} deals ({t.BeforeShare:0.0 %}) with the current points, none with the suggested ones: no lead could reach it{volume}");
        }

        // Past capacity is worth saying even when the current points are past it too: the suggestion does not fix it.
        if (tiers.Count > 0 && tiers[0] is var top && top.AfterShare > capacity + 1e-9)
        {
            warnings.Add($"tier {top.Tier} would take {top.AfterShare:0.0 %} of deals with the suggested points ({top.BeforeShare:0.0 %} now), more than the capacity of {capacity:0.#%} (--capacity)");
        }

        return warnings;
    }
}
