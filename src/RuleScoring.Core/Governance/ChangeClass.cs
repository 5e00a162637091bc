namespace RuleScoring.Core.Governance;

/// <summary>
/// What kind of change a rules edit is, which decides who must approve it (model.json's
/// <c>governance.classes</c>, keyed by the camelCase name of each member).
/// </summary>
public enum ChangeClass
{
    /// <summary>Points, conditions, wording or decay of signals the model already scores.</summary>
    Weights,
    /// <summary>A rule or signal type added or removed: the model scores something new (or stops).</summary>
    NewSignal,
    /// <summary>Tier rules (thresholds, MQL/SQL flags, SLA, actions) and dimension caps, which move leads between tiers.</summary>
    Thresholds,
    /// <summary>Anything touching a negative or disqualifying rule, or a list such a rule reads.</summary>
    Disqualifiers,
    /// <summary>Not found by the diff: declared with an <c>Emergency:</c> line in the changelog entry.</summary>
    Emergency,
    /// <summary>The governance policy itself: always needs every role, so a change cannot loosen its own review.</summary>
    Governance,
    /// <summary>routing.json, teams.json or plays.json: who works a lead and what they say. Sales ops signs off unless the policy says otherwise.</summary>
    Routing,
    /// <summary>
    /// webhooks.json: where lead data is pushed and how. Data leaving for another system needs every
    /// role unless the policy names the class.
    /// </summary>
    Delivery,
}
