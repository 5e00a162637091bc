namespace RuleScoring.Core.Governance;

/// <summary>Names for <see cref="ChangeClass"/>: the key used in model.json and the label reviewers read.</summary>
public static class ChangeClasses
{
    /// <summary>The classes a governance policy must define; <see cref="ChangeClass.Governance"/> is fixed, not configurable.</summary>
    public static readonly IReadOnlyList<ChangeClass> Configurable =
        [ChangeClass.Weights, ChangeClass.NewSignal, ChangeClass.Thresholds, ChangeClass.Disqualifiers, ChangeClass.Emergency];

    public static string Key(ChangeClass changeClass) => changeClass switch
    {
        ChangeClass.Weights => "weights",
        ChangeClass.NewSignal => "newSignal",
        ChangeClass.Thresholds => "thresholds",
        ChangeClass.Disqualifiers => "disqualifiers",
        ChangeClass.Emergency => "emergency",
        ChangeClass.Governance => "governance",
        ChangeClass.Routing => "routing",
        ChangeClass.Delivery => "delivery",
        _ => throw new ArgumentOutOfRangeException(nameof(changeClass), changeClass, null),
    };

    /// <summary>The configurable class whose key is <paramref name="key"/>, or null.</summary>
    public static ChangeClass? FromKey(string key)
    {
        foreach (var changeClass in Configurable.Concat(Optional))
        {
            if (Key(changeClass) == key)
            {
                return changeClass;
            }
        }

        return null;
    }

    /// <summary>
    /// Classes a policy may configure but need not: without one, <see cref="GovernancePolicy.RuleFor"/>
    /// falls back (routing: the sales role, else every role; delivery: every role).
    /// </summary>
    public static readonly IReadOnlyList<ChangeClass> Optional = [ChangeClass.Routing, ChangeClass.Delivery];

    /// <summary>The label when the policy gives no description of its own.</summary>
    public static string DefaultLabel(ChangeClass changeClass) => changeClass switch
    {
        ChangeClass.Weights => "Weights of existing signals",
        ChangeClass.NewSignal => "New signal category",
        ChangeClass.Thresholds => "MQL/SQL or tier thresholds",
        ChangeClass.Disqualifiers => "Disqualifiers",
        ChangeClass.Emergency => "Emergency fix",
        ChangeClass.Governance => "Governance policy",
        ChangeClass.Routing => "Routing, teams and plays",
        ChangeClass.Delivery => "Webhook deliveries (where lead data is sent)",
        _ => throw new ArgumentOutOfRangeException(nameof(changeClass), changeClass, null),
    };
}
