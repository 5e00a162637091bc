using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Scoring;

/// <summary>What a new rule version costs the worker: which leads it scores again, and from what.</summary>
public enum RescoreScope
{
    /// <summary>The same rules hash: nothing is scored again.</summary>
    None,

    /// <summary>
    /// Only weights changed (points, motion weights, caps, tier rules, routing): each lead's card
    /// follows from its stored reasons (<see cref="LeadScorer.Reweigh"/>) without reading its signals.
    /// </summary>
    WeightsOnly,

    /// <summary>What decides which rules fire changed (an expression, evidence, window, decay, counting, list, signal group): every lead is scored from its signals.</summary>
    FromSignals,
}

public static class RescoreScopes
{
    public static RescoreScope Between(RuleSet @base, RuleSet head)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(head);
        return @base.Identity.Hash == head.Identity.Hash ? RescoreScope.None
            : EvidenceSignature.Of(@base) is { } signature && signature == EvidenceSignature.Of(head) ? RescoreScope.WeightsOnly
            : RescoreScope.FromSignals;
    }

    public static string Key(RescoreScope scope) => scope switch
    {
        RescoreScope.None => "none",
        RescoreScope.WeightsOnly => "weights_only",
        _ => "from_signals",
    };

    /// <summary>One line for a reviewer: what the worker will do once the change is merged.</summary>
    public static string Describe(RescoreScope scope) => scope switch
    {
        RescoreScope.None => "rescore: none (the same rules)",
        RescoreScope.WeightsOnly => "rescore: weights only: the worker gives each lead's card again from its stored reasons, without reading its signals " +
            "(an account's contacts, and leads due before the tick, are scored from their signals)",
        _ => "rescore: every lead from its signals (what decides which rules fire changed: an expression, evidence, window, decay, counting, list or signal group)",
    };
}
