using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Scoring;

/// <summary>
/// A hash of everything in a rule set that decides which scoring rules fire on a lead and on what
/// evidence: every scoring rule as written (expression, evidence, window, counting, reason text,
/// disqualify, enabled) except its points, each rule's decay steps, the dimensions, the motion
/// names, the lists and the signal groups. Two rule sets with the same signature differ only in
/// weights: points, motion weights, caps and the tier rules (which read only the card). A card
/// scored under one then follows under the other from its reasons alone
/// (<see cref="LeadScorer.Reweigh"/>), without reading a signal.
/// </summary>
internal static class EvidenceSignature
{
    /// <returns>Null when a workflow cannot be written out (its cards are then never reweighed, only scored).</returns>
    public static string? Of(RuleSet ruleSet)
    {
        try
        {
            return Compute(ruleSet);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Compute(RuleSet ruleSet)
    {
        var model = new JsonObject
        {
            ["dimensions"] = new JsonArray([.. ruleSet.Dimensions.Select(d => JsonValue.Create(d.Name))]),
            ["motions"] = new JsonArray([.. ruleSet.Motions.Keys.Order(StringComparer.Ordinal).Select(m => JsonValue.Create(m))]),
            ["defaultMotion"] = ruleSet.DefaultMotion,
            ["lists"] = JsonSerializer.SerializeToNode(ruleSet.Lists.Entries.OrderBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => new { e.Key, e.Value })),
            ["groups"] = JsonSerializer.SerializeToNode(ruleSet.SignalGroups.OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new { g.Key, g.Value })),
            ["disabled"] = new JsonArray([.. ruleSet.DisabledRules.Select(r => JsonValue.Create(r))]),
        };

        // The workflows as RulesEngine runs them (expressions, local params, enabled, order); the
        // loader has already taken their Properties into ScoringRule, which "rules" below covers.
        model["workflows"] = new JsonArray([.. ruleSet.Dimensions.Select(d =>
            JsonSerializer.SerializeToNode(ruleSet.Workflows.Single(w => w.WorkflowName == d.Name)))]);
        // Points are left out only where a change to them cannot hide a reason or bring one back:
        // a reason is dropped when its points round to 0, so a rule whose points can round to 0
        // at some decay step keeps its points in the signature.
        model["rules"] = new JsonArray([.. ruleSet.ScoringRules.Select(r => (JsonNode)new JsonObject
        {
            ["name"] = r.Name,
            ["dimension"] = r.Dimension,
            ["expression"] = r.Expression,
            ["reason"] = r.ReasonTemplate,
            ["evidence"] = new JsonArray([.. r.Evidence.Select(e => JsonValue.Create(e))]),
            ["window"] = r.WindowDays,
            ["counting"] = r.Counting.ToString(),
            ["max"] = r.Max,
            ["disqualify"] = r.Disqualify,
            ["decay"] = r.Decay is { } decay
                ? JsonSerializer.SerializeToNode(new { steps = decay.Steps.Select(s => new[] { s.UpToDays, s.Multiplier }), decay.Otherwise })
                : null,
            ["points"] = NeverRoundsToZero(r) ? "any" : JsonValue.Create(r.Points),
        })]);

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(model.ToJsonString())));
    }

    private static bool NeverRoundsToZero(ScoringRule rule)
    {
        if (rule.Points == 0)
        {
            return false;
        }

        IEnumerable<decimal> multipliers = rule.Decay is { } decay ? [1m, .. decay.Steps.Select(s => s.Multiplier), decay.Otherwise] : [1m];
        return multipliers.Where(m => m != 0).All(m => LeadScorer.Earned(rule.Points, m) != 0);
    }
}
