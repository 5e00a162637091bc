namespace RuleScoring.Storage.Import;

/// <summary>How to read one file.</summary>
/// <param name="BatchSize">Rows per transaction: a failure loses at most one uncommitted batch, never half of one.</param>
public sealed record ImportOptions(
    ImportKind Kind,
    ImportFormat Format = ImportFormat.Auto,
    char Delimiter = ',',
    ImportMapping? Mapping = null,
    int BatchSize = 5000);
