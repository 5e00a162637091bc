namespace RuleScoring.Core.Tiers;

/// <summary>
/// What a tier rule sees as <c>card</c>: normalised (0-100) and raw dimension scores, the
/// composite, and whether a disqualifier fired.
/// </summary>
public sealed class TierFacts
{
    private readonly IReadOnlyCollection<string>? _reasonCodes;
    private readonly IReadOnlyList<Reasons.Reason>? _reasons;

    internal TierFacts(double fit, double intent, double behavior, double fitRaw, double intentRaw, double behaviorRaw,
        double composite, bool disqualified, string motion, IReadOnlyCollection<string> reasonCodes)
        : this(fit, intent, behavior, fitRaw, intentRaw, behaviorRaw, composite, disqualified, motion, reasonCodes, null)
    {
    }

    private TierFacts(double fit, double intent, double behavior, double fitRaw, double intentRaw, double behaviorRaw,
        double composite, bool disqualified, string motion, IReadOnlyCollection<string>? reasonCodes, IReadOnlyList<Reasons.Reason>? reasons)
    {
        Fit = fit;
        Intent = intent;
        Behavior = behavior;
        FitRaw = fitRaw;
        IntentRaw = intentRaw;
        BehaviorRaw = behaviorRaw;
        Composite = composite;
        Disqualified = disqualified;
        Motion = motion;
        _reasonCodes = reasonCodes;
        _reasons = reasons;
    }

    /// <summary>The facts of a card being scored: its reasons are looked through only when a rule asks (most tier rules never do).</summary>
    internal static TierFacts OfReasons(double fit, double intent, double behavior, double fitRaw, double intentRaw, double behaviorRaw,
        double composite, bool disqualified, string motion, IReadOnlyList<Reasons.Reason> reasons) =>
        new(fit, intent, behavior, fitRaw, intentRaw, behaviorRaw, composite, disqualified, motion, null, reasons);

    public double Fit { get; }
    public double Intent { get; }
    public double Behavior { get; }
    public double FitRaw { get; }
    public double IntentRaw { get; }
    public double BehaviorRaw { get; }
    public double Composite { get; }
    public bool Disqualified { get; }
    public string Motion { get; }

    /// <summary>A rule with this code contributed to the card.</summary>
    public bool HasReason(string code)
    {
        if (_reasons is null)
        {
            return _reasonCodes!.Contains(code);
        }

        foreach (var reason in _reasons)
        {
            if (string.Equals(reason.Code, code, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
