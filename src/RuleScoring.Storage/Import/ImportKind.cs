namespace RuleScoring.Storage.Import;

/// <summary>What a file holds, per the data contract in DESIGN.md.</summary>
public enum ImportKind
{
    Leads,
    Signals,
    Deals,
    Dispositions,
}
