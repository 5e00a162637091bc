namespace RuleScoring.Storage.Import;

/// <summary>How many rows had one oddity, whether they were rejected or stored, and the first lines (up to five).</summary>
public sealed record ImportOddity(ImportOddityKind Kind, bool Rejected, long Count, IReadOnlyList<long> Lines);
