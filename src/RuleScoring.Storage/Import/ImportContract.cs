namespace RuleScoring.Storage.Import;

/// <summary>The data contract's columns per kind (DESIGN.md, "Data in and out").</summary>
internal static class ImportContract
{
    public static IReadOnlyList<string> Required(ImportKind kind) => kind switch
    {
        ImportKind.Leads => ["lead_id"],
        ImportKind.Signals => ["lead_id", "type", "occurred_at"],
        ImportKind.Deals => ["lead_id", "outcome"],
        ImportKind.Dispositions => ["lead_id", "status", "at"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static IReadOnlyList<string> Optional(ImportKind kind) => kind switch
    {
        ImportKind.Leads => ["email", "company", "domain", "employees", "industry", "country", "title", "seniority", "function", "tech_stack", "created_at", "lifecycle_stage"],
        ImportKind.Signals => ["event_id", "topic", "value", "source"],
        ImportKind.Deals => ["opportunity_id", "created_at", "closed_at", "amount", "segment"],
        ImportKind.Dispositions => ["reason", "rep"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Account-level signals (a mapping with fanout "domain"): a domain instead of a lead id.</summary>
    public static IReadOnlyList<string> RequiredByDomain { get; } = ["domain", "type", "occurred_at"];

    public static IReadOnlyList<string> Required(ImportKind kind, bool byDomain) => byDomain ? RequiredByDomain : Required(kind);

    /// <summary>Leads keep every other column as a custom attribute; the other kinds have nowhere to put one.</summary>
    public static bool KeepsCustomColumns(ImportKind kind) => kind == ImportKind.Leads;
}
