namespace RuleScoring.Core.Rules;

/// <summary>
/// One rule for a signal type coming in (import and the API alike): trimmed and lower-cased, as
/// model.json's catalogue spells every type, and then it must be in the catalogue.
/// </summary>
public static class SignalTypes
{
    public static string Normalise(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Trim().ToLowerInvariant();
    }

    /// <summary>Null when <paramref name="type"/> is in <paramref name="catalogue"/> once normalised, else the reason, worded the same everywhere.</summary>
    public static string? Problem(string type, IReadOnlySet<string> catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        return catalogue.Contains(Normalise(type)) ? null : $"'{type}' is not a signal type of the active model (rules/model.json lists {catalogue.Count})";
    }
}
