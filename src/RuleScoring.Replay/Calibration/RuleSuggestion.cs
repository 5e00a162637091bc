namespace RuleScoring.Replay.Calibration;

/// <summary>
/// What calibrate suggests for one rule: its regression weight on the deals, the points that
/// weight scales to within its dimension, and whether the suggestion is firm enough to write.
/// </summary>
/// <param name="Note">Why a suggestion is held back (rare or ubiquitous rule, disqualifier) or what to read into it (sign flip).</param>
/// <param name="SignFlip">The suggestion turns a reward into a penalty or back: shown, written only with --allow-sign-flips.</param>
internal sealed record RuleSuggestion(string Rule, string Dimension, decimal CurrentPoints, double? Weight, decimal SuggestedPoints, bool Confident, string Note, bool SignFlip = false)
{
    /// <summary>Whether --write changes this rule's points.</summary>
    public bool Writes(bool allowSignFlips) => Confident && SuggestedPoints != CurrentPoints && (allowSignFlips || !SignFlip);
}
