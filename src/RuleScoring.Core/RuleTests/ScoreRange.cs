using System.Globalization;

namespace RuleScoring.Core.RuleTests;

/// <summary>
/// What a rule test expects of a 0-100 score: an exact value (<c>"fit": 100</c>) or bounds
/// (<c>"intent": {"min": 30}</c>); both bounds are inclusive.
/// </summary>
public sealed record ScoreRange(decimal? Min, decimal? Max)
{
    public bool Contains(decimal value) => (Min is null || value >= Min) && (Max is null || value <= Max);

    public override string ToString() => (Min, Max) switch
    {
        ({ } min, { } max) when min == max => Format(min),
        ({ } min, { } max) => $"{Format(min)} to {Format(max)}",
        ({ } min, null) => $">= {Format(min)}",
        (null, { } max) => $"<= {Format(max)}",
        _ => "any value",
    };

    internal static string Format(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
