namespace RuleScoring.Core.Scoring;

/// <summary>How a <see cref="LeadScorer"/> runs the rules. Both give the same card, byte for byte.</summary>
public enum LeadScorerMode
{
    /// <summary>Each rule compiled once into a typed delegate and called directly (about twice as fast).</summary>
    Compiled,

    /// <summary>RulesEngine's <c>ExecuteAllRulesAsync</c> per lead: the behaviour the compiled mode is checked against.</summary>
    Reference,
}
