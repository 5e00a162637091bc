using RuleScoring.Core.Scoring;

namespace RuleScoring.Core.Routing;

/// <summary>
/// What a routing rule sees as <c>card</c>: the tier the lead entered, its scores (0-100) and
/// which rules gave it points. Built from the stored card, never stored itself.
/// </summary>
public sealed class RouteCard
{
    private readonly HashSet<string> _reasons;

    internal RouteCard(ScoreCard card)
    {
        Tier = card.Tier?.Tier ?? "";
        Fit = (double)card.Fit.Score;
        Intent = (double)card.Intent.Score;
        Behavior = (double)card.Behavior.Score;
        Composite = (double)card.Composite;
        Motion = card.Motion;
        Disqualified = card.Disqualified;
        _reasons = card.Reasons.Where(r => r.Points != 0).Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
    }

    public string Tier { get; }
    public double Fit { get; }
    public double Intent { get; }
    public double Behavior { get; }
    public double Composite { get; }
    public string Motion { get; }
    public bool Disqualified { get; }

    /// <summary>A rule with this code contributed to the card.</summary>
    public bool HasReason(string code) => _reasons.Contains(code);
}
