namespace RuleScoring.Core.Scoring;

/// <summary>One rule on one lead, as RulesEngine reports it: fired or not, or the exception message that stopped it.</summary>
/// <param name="Position">The rule's place in its workflow's rules (compiled mode), so a caller can find what it keeps per rule without looking the name up; -1 from the engine.</param>
internal readonly record struct RuleOutcome(string RuleName, bool IsSuccess, string? ExceptionMessage, int Position = -1)
{
    /// <summary>Every rule of <paramref name="workflow"/> through the engine's <c>ExecuteAllRulesAsync</c> (the reference mode of the lead and account scorers), as outcomes.</summary>
    public static List<RuleOutcome> OfEngine(RulesEngine.RulesEngine engine, string workflow, RulesEngine.Models.RuleParameter[] parameters)
    {
        var pending = engine.ExecuteAllRulesAsync(workflow, parameters);
        var results = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
        return results.ConvertAll(r => new RuleOutcome(r.Rule.RuleName, r.IsSuccess, r.ExceptionMessage));
    }
}
