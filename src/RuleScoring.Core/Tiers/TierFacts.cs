namespace RuleScoring.Core.Tiers;

/// <summary>
/// What a tier rule sees as <c>card</c>: normalised (0-100) and raw dimension scores, the
/// composite, and whether a disqualifier fired.
/// </summary>
public sealed class TierFacts
{
    private readonly IReadOnlyCollection<string> _reasonCodes;

    internal TierFacts(double fit, double intent, double behavior, double fitRaw, double intentRaw, double behaviorRaw,
        double composite, bool disqualified, string motion, IReadOnlyCollection<string> reasonCodes)
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
    }

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
    public bool HasReason(string code) => _reasonCodes.Contains(code);
}
