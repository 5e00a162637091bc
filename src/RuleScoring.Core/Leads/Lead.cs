namespace RuleScoring.Core.Leads;

/// <summary>
/// A lead as it comes in: an id, its CRM attributes (well-known ones such as <c>employees</c>
/// or <c>country</c>, and any custom column) and its signals.
/// </summary>
public sealed record Lead(string LeadId, IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<Signal> Signals)
{
    public static Lead Create(string leadId, IEnumerable<KeyValuePair<string, string>>? attributes = null, IEnumerable<Signal>? signals = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leadId);
        var attrs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in attributes ?? [])
        {
            attrs[key] = value;
        }

        return new Lead(leadId, attrs, (signals ?? []).ToArray());
    }
}
